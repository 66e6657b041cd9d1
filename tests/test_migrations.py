"""The schema comes from the migrations alone (SPEC §1): after `db upgrade`, the database holds
exactly the tables, columns, types and indexes the models declare, on both backends."""
from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlmodel import SQLModel

import bot.schema  # noqa: F401 - every table in the metadata


def test_the_migrations_make_what_the_models_declare(engine):
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, SQLModel.metadata) == []
