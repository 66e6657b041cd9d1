"""Problems found in a data directory: each names its file, line and reason."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None
    reason: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.reason}" if self.line else f"{self.file}: {self.reason}"


class GarbageDataError(Exception):
    """The data cannot be imported; nothing was written."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class Problems:
    """Collects every problem of a directory, so the operator can fix them all in one go."""

    def __init__(self) -> None:
        self.found: list[Problem] = []

    def add(self, file: str, line: int | None, reason: str) -> None:
        self.found.append(Problem(file, line, reason))

    def raise_if_any(self) -> None:
        """Raise with the problems in file order (as first met), each file by line."""
        if self.found:
            files = list(dict.fromkeys(p.file for p in self.found))
            raise GarbageDataError(sorted(self.found, key=lambda p: (files.index(p.file), p.line or 0)))
