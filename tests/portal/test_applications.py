"""オンライン申請 and 興味・関心 (guide §5, SPEC §2.6)."""
from __future__ import annotations

from bot.chat import texts
from bot.city import load_city
from bot.flows.applications import recommended_for
from devtools.standin.state import user_id_for
from bot.store.models import Resident
from tests.portal.support import carousel_titles, last_words, register

HANAKO = user_id_for("hanako")
GUEST = user_id_for("guest")


def test_recommendations_follow_the_interests_as_they_change(portal):
    register(portal, HANAKO, age="30代", interests=("子育て",))
    portal.line.text(HANAKO, texts.ONLINE_APPLICATIONS)
    first = carousel_titles(portal.last_for(HANAKO))
    assert "児童手当の認定請求" in first and "大型ごみの収集申込み" not in first

    # 設定 → 興味・関心: the current choice is shown; 子育て off, 環境・ごみ on, 完了
    portal.line.text(HANAKO, texts.INTERESTS)
    assert "選択中：子育て" in last_words(portal, HANAKO)
    portal.tap(HANAKO, "子育て")
    portal.tap(HANAKO, "環境・ごみ")
    assert "選択中：環境・ごみ" in last_words(portal, HANAKO)
    portal.tap(HANAKO, texts.DONE)
    portal.tap(HANAKO, texts.ONLINE_APPLICATIONS)
    second = carousel_titles(portal.last_for(HANAKO))
    assert "大型ごみの収集申込み" in second and "児童手当の認定請求" not in second


def test_apply_opens_the_procedure_on_the_city_service(portal):
    register(portal, HANAKO, interests=("税金",))
    portal.line.text(HANAKO, texts.RECOMMENDED)
    bubble = portal.last_for(HANAKO)["contents"]["contents"][0]
    [button] = bubble["footer"]["contents"]
    assert button["action"] == {
        "type": "uri",
        "label": texts.APPLY,
        "uri": "https://shinsei.city.example.jp/procedures/tax-certificate",
    }


def test_all_procedures_in_pages_of_ten_with_more(portal):
    register(portal, HANAKO, interests=("防災",))
    portal.line.text(HANAKO, texts.ONLINE_APPLICATIONS)
    portal.tap(HANAKO, texts.ALL_PROCEDURES)
    seen = carousel_titles(portal.last_for(HANAKO))
    assert len(seen) == 10
    while texts.MORE in str(portal.last_for(HANAKO).get("quickReply", "")):
        portal.tap(HANAKO, texts.MORE)
        page = carousel_titles(portal.last_for(HANAKO))
        assert 1 <= len(page) <= 10
        seen += page
    assert seen == [procedure.title for procedure in load_city().procedures]


def test_no_interests_yet_offers_interests_first(portal):
    register(portal, HANAKO)
    portal.line.text(HANAKO, texts.ONLINE_APPLICATIONS)
    assert texts.NO_INTERESTS_YET in last_words(portal, HANAKO)
    portal.tap(HANAKO, texts.INTERESTS)
    assert texts.ASK_INTERESTS in last_words(portal, HANAKO)


def test_a_guest_is_told_to_register(portal):
    portal.line.add_user(GUEST, display_name="ゲスト")
    portal.line.follow(GUEST)
    for label in (texts.ONLINE_APPLICATIONS, texts.INTERESTS):
        portal.line.text(GUEST, label)
        assert texts.NOT_REGISTERED in last_words(portal, GUEST)


def resident(**fields) -> Resident:
    return Resident(line_user_id="U" + "0" * 32, **fields)


def test_best_matches_come_first_and_the_audience_is_respected():
    city = load_city()
    # Two shared tags beat one; the catalogue's order breaks ties.
    titles = [p.title for p in recommended_for(resident(interests=["子育て", "健康・医療"], age_group="30代"), city)]
    assert titles[:2] == ["こども医療費受給者証の交付申請", "妊娠の届出（母子健康手帳の交付）"]
    # Procedures for older residents are not recommended to someone in their twenties…
    young = [p.id for p in recommended_for(resident(interests=["福祉・介護"], age_group="20代"), city)]
    assert "long-term-care-certification" not in young and "disability-certificate-reissue" in young
    # …but an unset age excludes no one.
    assert "long-term-care-certification" in [p.id for p in recommended_for(resident(interests=["福祉・介護"]), city)]
    assert recommended_for(resident(interests=[]), city) == []


def quick_labels(portal, user_id) -> list[str]:
    return [item["action"]["label"] for item in portal.last_for(user_id).get("quickReply", {}).get("items", [])]


def test_both_tabs_on_every_page_the_current_one_marked(portal):
    register(portal, HANAKO, interests=("防災",))
    portal.line.text(HANAKO, texts.ONLINE_APPLICATIONS)
    assert quick_labels(portal, HANAKO)[:2] == ["● " + texts.RECOMMENDED, texts.ALL_PROCEDURES]
    portal.tap(HANAKO, texts.ALL_PROCEDURES)
    assert quick_labels(portal, HANAKO)[:3] == [texts.RECOMMENDED, "● " + texts.ALL_PROCEDURES, texts.MORE]
    portal.tap(HANAKO, texts.MORE)  # paging keeps both tabs
    assert quick_labels(portal, HANAKO)[:2] == [texts.RECOMMENDED, "● " + texts.ALL_PROCEDURES]
    portal.tap(HANAKO, texts.RECOMMENDED)
    assert "あなたへのおすすめ（1〜" in last_words(portal, HANAKO)
    assert all(len(label) <= 20 for label in quick_labels(portal, HANAKO))


def test_without_interests_both_tabs_are_still_offered(portal):
    register(portal, HANAKO)
    portal.line.text(HANAKO, texts.ONLINE_APPLICATIONS)
    assert quick_labels(portal, HANAKO)[:3] == ["● " + texts.RECOMMENDED, texts.ALL_PROCEDURES, texts.INTERESTS]
