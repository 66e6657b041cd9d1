"""The event mix of bench/webhook.py: what each simulated resident sends, in order.

Pure and deterministic (seeded): the same residents and the same steps go to the portal bot
on each backend and to the bare bot. A step is one webhook event; every step carries a reply
token and, in the portal bot, gets exactly one reply.

Most residents register (follow → ログイン/新規登録 → LINEアカウントで作成 → 同意する →
nickname → 年代 → 区 → 興味・関心 → 完了), half by tapping (postback data ``1|flow|action|arg``,
bot/chat/postback.py) and half by typing the labels; some say こんにちは or send a sticker on the
way, some cancel or stop half-way, some look at マイページ or answer あとで afterwards.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field

from bot.chat import texts
from bot.city import load_city
from devtools.standin.state import user_id_for

UNKNOWN_TEXT = "こんにちは"


@dataclass(frozen=True)
class Step:
    kind: str  # "follow" | "text" | "postback" | "sticker"
    value: str = ""  # the text typed or the postback data


@dataclass
class Resident:
    index: int
    user_id: str
    display_name: str
    steps: list[Step] = field(default_factory=list)
    # What the database must hold afterwards when the resident completes registration.
    expected: tuple[str, str | None, str | None, tuple[str, ...]] | None = None

    @property
    def completes(self) -> bool:
        return self.expected is not None


def _pb(name: str, arg: str = "", flow: str = "register") -> str:
    return f"1|{flow}|{name}|{arg}"


def make_residents(count: int, prefix: str, seed: int) -> list[Resident]:
    city = load_city(None)
    rng = random.Random(f"{seed}:{prefix}")
    residents = []
    for i in range(count):
        name = f"住民{prefix}{i}"
        resident = Resident(i, user_id_for(f"bench-{prefix}-{i}"), name)
        steps = resident.steps
        tap = rng.random() < 0.5  # this resident taps buttons; the other half types labels

        def choose(label: str, data: str) -> Step:
            return Step("postback", data) if tap else Step("text", label)

        steps.append(Step("follow"))
        if rng.random() < 0.5:
            steps.append(Step("text", UNKNOWN_TEXT))  # not in a flow: "please use the menu"
        steps.append(choose(texts.LOGIN, _pb("start")))
        steps.append(choose(texts.CREATE_WITH_LINE, _pb("create_with_line")))
        fate = rng.random()
        if fate < 0.06:  # stops before the terms
            residents.append(resident)
            continue
        steps.append(choose(texts.AGREE, _pb("agree")))
        if fate < 0.11:  # changes their mind
            steps.append(choose(texts.CANCEL, _pb("cancel", flow="engine")))
            if rng.random() < 0.5:
                steps.append(Step("sticker"))
            residents.append(resident)
            continue
        if rng.random() < 0.7:
            nickname = f"じゅうみん{i}"
            steps.append(Step("text", nickname))  # typed words for the nickname question
        else:
            nickname = name  # the stand-in's profile display name, offered as a button
            steps.append(choose(f"「{name}」を使う", _pb("use_line_name")))
        if rng.random() < 0.25:
            steps.append(Step("sticker"))  # in a flow: thanks, and the question again
        age = rng.choice(city.age_groups) if rng.random() < 0.9 else None
        steps.append(choose(age, _pb("choose_age", age)) if age else choose(texts.SKIP, _pb("skip")))
        ward = rng.choice(city.wards) if rng.random() < 0.9 else None
        steps.append(choose(ward, _pb("choose_ward", ward)) if ward else choose(texts.SKIP, _pb("skip")))
        interests = tuple(rng.sample(city.interests, rng.choice((0, 1, 1, 2, 2, 3))))
        for tag in interests:
            steps.append(choose(tag, _pb("toggle_interest", tag)))
        if rng.random() < 0.15:
            steps.append(Step("text", UNKNOWN_TEXT))  # in a flow: not understood, asked again
        steps.append(choose(texts.DONE, _pb("done")))
        resident.expected = (nickname, age, ward, interests)
        after = rng.random()
        if after < 0.2:
            steps.append(Step("text", texts.MY_PAGE))
        elif after < 0.45:
            steps.append(choose(texts.LATER, _pb("later")))
        residents.append(resident)
    return residents


def lane_order(residents: list[Resident], active: int) -> list[tuple[int, int]]:
    """(resident index in `residents`, step index) in the order one lane sends them: `active`
    residents at a time, round-robin, so that one resident's consecutive events are several
    requests apart (the bot answers 200 before it runs the flow) yet strictly in order."""
    order: list[tuple[int, int]] = []
    pending = list(range(len(residents)))
    pending.reverse()
    slots: list[list[int]] = []  # [resident position, next step]
    while pending or slots:
        while pending and len(slots) < active:
            slots.append([pending.pop(), 0])
        still = []
        for slot in slots:
            position, step = slot
            order.append((position, step))
            slot[1] += 1
            if slot[1] < len(residents[position].steps):
                still.append(slot)
        slots = still
    return order


def split_lanes(residents: list[Resident], lanes: int) -> list[list[Resident]]:
    """Residents spread over lanes so that every lane has about as many events."""
    buckets: list[list[Resident]] = [[] for _ in range(lanes)]
    loads = [0] * lanes
    for resident in sorted(residents, key=lambda r: -len(r.steps)):
        lane = loads.index(min(loads))
        buckets[lane].append(resident)
        loads[lane] += len(resident.steps)
    for bucket in buckets:
        bucket.sort(key=lambda r: r.index)
    return buckets
