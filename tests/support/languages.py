"""Telling languages apart while the catalogues are still being translated: a pretend catalogue
translates chosen texts into a marked copy of the Japanese ("【明日のごみ】〔en〕"), the real
catalogue answering for every other text. A test then checks a resident got their language's
rendering — and, through the marked texts, that it is not the Japanese one."""
from __future__ import annotations

from bot.chat import language, texts
from bot.chat.language import TRANSLATED


class _Pretend:
    def __init__(self, code: str, real, marked: set[str]) -> None:
        self.code, self.real, self.marked = code, real, marked

    def gettext(self, message: str) -> str:
        return f"{message}〔{self.code}〕" if message in self.marked else self.real.gettext(message)

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        return self.real.ngettext(singular, plural, count)


def pretend_translated(monkeypatch, *names: str) -> None:
    """texts.NAME, for each name, reads "{Japanese}〔{code}〕" in every translated language."""
    marked = {texts.japanese(name) for name in names}
    real = language._catalogue
    pretend = {code: _Pretend(code, real(code), marked) for code in TRANSLATED}
    monkeypatch.setattr(language, "_catalogue", lambda code: pretend.get(language.known(code)) or real(code))
