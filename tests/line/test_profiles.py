"""A profile LINE gave a moment ago serves the next ask, briefly and in memory only."""
from bot.line.profiles import Profile, RecentProfiles

TARO = Profile(display_name="金沢 太郎", language="en", picture_url=None)


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_a_kept_profile_is_at_hand_until_its_time_is_up():
    clock = Clock()
    kept = RecentProfiles(seconds=120, clock=clock)
    kept.keep("U1", TARO)
    clock.now = 119
    assert kept.get("U1") == TARO
    clock.now = 120
    assert kept.get("U1") is None


def test_only_the_newest_profiles_are_kept():
    kept = RecentProfiles(size=2)
    for user in ("U1", "U2", "U3"):
        kept.keep(user, TARO)
    assert [kept.get(user) for user in ("U1", "U2", "U3")] == [None, TARO, TARO]


def test_a_resident_who_leaves_is_forgotten():
    kept = RecentProfiles()
    kept.keep("U1", TARO)
    kept.forget("U1")
    assert kept.get("U1") is None


def test_line_json_is_read_field_by_field():
    assert Profile.from_line({"displayName": "花子", "language": "ja", "userId": "U1"}) == Profile("花子", "ja", None)
    assert Profile.from_line({"displayName": 5}) == Profile(None, None, None)
