"""Friend add and My Page registration (guide §1 マイページアカウント作成方法, SPEC §2.1).

choose_account → terms → nickname → age → ward → interests → registered.
Nothing is stored until the last step: cancelling half-way leaves no trace.
"""
from __future__ import annotations

from bot.chat import language, texts
from bot.flows import cardlink
from bot.flows.base import IDLE, Flow, Visit, answer, localised
from bot.flows.cardlink import CardLinking
from bot.flows.interests import INTERESTS, ChoosingInterests, interest_transitions
from bot.flows.mypage import my_page_card
from bot.flows.rules import clean_nickname, nickname_problem, shown_age_group
from bot.chat.replies import GUEST_MENU, REGISTERED_MENU, Action, Button, Card, Text
from bot.store import residents

CHOOSE_ACCOUNT, TERMS, NICKNAME, AGE, WARD = "choose_account", "terms", "nickname", "age", "ward"
START, LATER = "start", "later"  # the entries: register (or log in), and 後で (after registering)
FOLLOW = "follow"  # the welcome's entry: a follow event
LOGIN_BUTTON = Button(texts.LOGIN, Action("register", START), primary=True)


def registration_needed(visit: Visit) -> None:
    """Say that a feature needs My Page, offering to create it (the engine does, for a flow
    that `needs_registration`)."""
    visit.say(Text(texts.NOT_REGISTERED))
    visit.offer(Button(texts.LOGIN, Action("register", START)))


class Welcome(Flow):
    """Greets a new friend, or one coming back after a block (settings are kept)."""

    name = "welcome"
    transitions = [answer(FOLLOW, "greet")]

    def greet(self) -> None:
        if self.resident.language is None:  # the first follow: speak the LINE app's language
            self.resident.language = language.from_line_profile(
                self.visit.services.profile_language(self.resident.line_user_id))
            self.visit.session.add(self.resident)
            language.switch_to(self.resident.language)
            if self.resident.language != language.JAPANESE:  # a Japanese guest has the default menu
                self.visit.reply.rich_menu = REGISTERED_MENU if self.resident.registered else GUEST_MENU
        city = self.visit.city
        if self.resident.registered or (self.arg == "unblocked" and not self._first_contact()):
            self.say(Text(texts.WELCOME_BACK.format(portal=city.said(city.portal_name))))
            return
        greeting = texts.GREETING.format(portal=city.said(city.portal_name), city=city.said(city.city_name))
        self.say(Card(title=city.said(city.portal_name), lines=(greeting,), buttons=(localised(LOGIN_BUTTON),)))

    def _first_contact(self) -> bool:
        """The resident's row was made for this event: new to us, or back after 退会 (fresh)."""
        return self.resident.created_at >= self.visit.now


class Registration(ChoosingInterests, Flow):
    """My Page registration (guide §1): nothing is stored until the last step."""

    name = "register"
    states = [CHOOSE_ACCOUNT, TERMS, NICKNAME, AGE, WARD, INTERESTS]
    transitions = [
        # Registered already: log in and show My Page. Otherwise begin registering.
        answer(START, "log_in", conditions="registered"),
        {"trigger": START, "source": IDLE, "dest": CHOOSE_ACCOUNT},
        answer(LATER, "say_later_ok"),
        {"trigger": "create_with_line", "source": CHOOSE_ACCOUNT, "dest": TERMS},
        {"trigger": "agree", "source": TERMS, "dest": NICKNAME},
        {"trigger": "disagree", "source": TERMS, "dest": IDLE, "after": "say_declined"},
        {"trigger": "text", "source": NICKNAME, "dest": AGE, "conditions": "typed_nickname_fits", "before": "keep_typed_nickname"},
        {"trigger": "use_line_name", "source": NICKNAME, "dest": AGE, "conditions": "line_name_known", "before": "keep_line_name"},
        # A city without wards has no ward question: the age leads straight to the interests.
        {"trigger": "choose_age", "source": AGE, "dest": WARD, "conditions": ["age_known", "city_has_wards"], "before": "keep_age"},
        {"trigger": "choose_age", "source": AGE, "dest": INTERESTS, "conditions": "age_known", "unless": "city_has_wards", "before": "keep_age"},
        {"trigger": "skip", "source": AGE, "dest": WARD, "conditions": "city_has_wards"},
        {"trigger": "skip", "source": AGE, "dest": INTERESTS, "unless": "city_has_wards"},
        {"trigger": "choose_ward", "source": WARD, "dest": INTERESTS, "conditions": "ward_known", "before": "keep_ward"},
        {"trigger": "skip", "source": WARD, "dest": INTERESTS},
        *interest_transitions(done="complete"),
    ]
    keywords = {texts.LOGIN: START}

    # --- entries ---------------------------------------------------------------------------
    def log_in(self) -> None:
        self.say(Text(texts.LOGGED_IN), my_page_card(self.visit))

    def say_later_ok(self) -> None:
        self.say(Text(texts.LATER_OK))

    # --- questions ---------------------------------------------------------------------------
    def ask_choose_account(self) -> None:
        self.say(Card(title=texts.CHOOSE_ACCOUNT, buttons=(self.button(texts.CREATE_WITH_LINE, "create_with_line", primary=True),)))

    def ask_terms(self) -> None:
        city = self.visit.city
        self.say(
            Card(
                title=texts.TERMS_TITLE,
                lines=(texts.TERMS.format(portal=city.said(city.portal_name), city=city.said(city.city_name)),),
                buttons=(
                    Button(texts.TERMS_LINK, uri=city.terms_url),
                    self.button(texts.AGREE, "agree", primary=True),
                    self.button(texts.DISAGREE, "disagree"),
                ),
            )
        )

    def ask_nickname(self) -> None:
        self.say(Text(texts.ASK_NICKNAME))
        if "line_name" not in self.data:
            self.data["line_name"] = self.visit.services.display_name(self.resident.line_user_id)
        line_name = self.data["line_name"]
        if line_name and nickname_problem(clean_nickname(line_name)) is None:
            shown = line_name if len(line_name) <= 12 else line_name[:11] + "…"
            self.offer(self.button(texts.USE_DISPLAY_NAME.format(name=shown), "use_line_name"))

    def ask_age(self) -> None:
        self.say(Text(texts.ASK_AGE))
        self.offer(*(self.button(shown_age_group(age), "choose_age", age) for age in self.visit.city.age_groups))
        self.offer(self.button(texts.SKIP, "skip"))

    def ask_ward(self) -> None:
        self.say(Text(texts.ASK_WARD))
        self.offer(*(self.button(ward, "choose_ward", ward) for ward in self.visit.city.wards))
        self.offer(self.button(texts.SKIP, "skip"))

    # --- answers ---------------------------------------------------------------------------
    def say_declined(self) -> None:
        self.say(Text(texts.TERMS_DECLINED))

    def typed_nickname_fits(self) -> bool:
        problem = nickname_problem(clean_nickname(self.arg))
        if problem:
            self.refuse(problem)
        return problem is None

    def keep_typed_nickname(self) -> None:
        self.data["nickname"] = clean_nickname(self.arg)

    def line_name_known(self) -> bool:
        name = self.data.get("line_name")
        return bool(name) and nickname_problem(clean_nickname(name)) is None

    def keep_line_name(self) -> None:
        self.data["nickname"] = clean_nickname(self.data["line_name"])

    def age_known(self) -> bool:
        return self.arg in self.visit.city.age_groups

    def keep_age(self) -> None:
        self.data["age_group"] = self.arg

    def city_has_wards(self) -> bool:
        return bool(self.visit.city.wards)

    def ward_known(self) -> bool:
        return self.arg in self.visit.city.wards

    def keep_ward(self) -> None:
        self.data["ward"] = self.arg

    def complete(self) -> None:
        """Store the profile, show My Page, and point to card linking (the guide's ポイント)."""
        residents.register(
            session=self.visit.session,
            resident=self.resident,
            nickname=self.data["nickname"],
            age_group=self.data.get("age_group"),
            ward=self.data.get("ward"),
            interests=self.data.get("interests", []),
            now=self.visit.now,
        )
        self.visit.reply.rich_menu = REGISTERED_MENU  # the menu with オンライン申請
        self.say(
            my_page_card(self.visit, with_buttons=False),
            Card(
                title=texts.ACCOUNT_CREATED,
                lines=(texts.ACCOUNT_CREATED_POINT,),
                buttons=(
                    Button(texts.LINK_CARD, CardLinking.action(cardlink.START), primary=True),
                    self.button(texts.LATER, LATER),
                ),
            ),
        )
