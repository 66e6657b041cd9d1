"""What a process needs to work: its settings and its database engine, made once."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from sqlalchemy.engine import Engine

import bot.store.tables  # noqa: F401 - every table known before the first query, in every process
from bot.config import Settings
from bot.store.db import make_engine


@dataclass
class Runtime:
    settings: Settings
    _engine: Engine | None = field(default=None, repr=False)

    @cached_property
    def engine(self) -> Engine:
        return self._engine or make_engine(self.settings.database_url)
