"""The store: SQLModel tables, plain functions taking a session, Alembic migrations."""
