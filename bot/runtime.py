"""What a process needs to work: its settings and its database engine, made once."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from sqlalchemy.engine import Engine

import bot.schema  # noqa: F401 - every table known before the first query, in every process
from bot.config import Settings
from bot.store.db import make_engine


@dataclass
class Runtime:
    settings: Settings
    _engine: Engine | None = field(default=None, repr=False)

    @cached_property
    def engine(self) -> Engine:
        return self._engine or make_engine(self.settings.database_url)

    @cached_property
    def handling_engine(self) -> Engine:
        """For handling webhook events: its commits need not wait for the disk, as the inbox
        (written through `engine`, before LINE gets its 200) keeps each event until its
        handling is committed, and the clock redoes a handling a database crash lost (the
        resident may then read an answer twice)."""
        return self._engine or make_engine(self.settings.database_url, commits_wait_for_disk=False)
