"""The webhook's fixed statements, run on the database driver's own cursor.

Every webhook event runs the same few statements (the inbox's, the conversation's). Through
SQLAlchemy's execution path — an execution context, its events, a result object and its
processors — each cost several times what the database spends on it (an INSERT into the
inbox: ~70 µs of CPU through a Connection, ~10 µs on the cursor). A `DriverStatement` is still
written in SQLAlchemy Core; it is compiled once per dialect, its parameters and results are
converted by its columns' own types (so what is stored and read back is exactly what SQLAlchemy
would store and read), and it runs on the cursor of a connection the caller already has, in
the caller's transaction; listeners of `before_cursor_execute` still see it. Only for
statements whose shape never changes.
"""
from __future__ import annotations

from typing import Any, Callable, Sequence

from sqlalchemy.engine import Connection, Dialect
from sqlalchemy.sql import ClauseElement

Processor = Callable[[Any], Any] | None


class DriverStatement:
    def __init__(self, statement: ClauseElement, *, column_keys: Sequence[str] | None = None) -> None:
        """`column_keys`: for an INSERT, the columns given (as for `Connection.execute`)."""
        self._statement, self._column_keys = statement, list(column_keys) if column_keys else None
        self._compiled: dict[str, _Compiled] = {}

    def run(self, connection: Connection, params: dict[str, Any]) -> list[tuple]:
        """Execute with `params` (by bind name) in the connection's transaction; the rows it
        returns (a SELECT's, or RETURNING), each value as SQLAlchemy would give it."""
        dialect = connection.dialect
        compiled = self._compiled.get(dialect.name)
        if compiled is None:
            compiled = self._compiled[dialect.name] = _Compiled(self._statement, dialect, self._column_keys)
        cursor = connection.connection.cursor()
        try:
            parameters = compiled.parameters(params)
            # Whoever watches the engine's statements (tracing, tests) still sees these.
            connection.dispatch.before_cursor_execute(connection, cursor, compiled.sql, parameters, None, False)
            cursor.execute(compiled.sql, parameters)
            if cursor.description is None:
                return []
            return [compiled.row(raw) for raw in cursor.fetchall()]
        finally:
            cursor.close()


class _Compiled:
    def __init__(self, statement: ClauseElement, dialect: Dialect, column_keys: list[str] | None) -> None:
        self._compiled = compiled = statement.compile(dialect=dialect, column_keys=column_keys)
        self.sql = compiled.string
        self._order = compiled.positiontup if dialect.positional else None  # else: by name
        self._process = {name: bind.type.dialect_impl(dialect).bind_processor(dialect)  # by rendered name
                         for bind, name in compiled.bind_names.items()}
        returned = getattr(statement, "selected_columns", None) or getattr(statement, "exported_columns", ())
        self._results: list[Processor] = [column.type.dialect_impl(dialect).result_processor(dialect, None)
                                          for column in returned]

    def parameters(self, params: dict[str, Any]) -> tuple | dict:
        values = self._compiled.construct_params(params)  # with the statement's own literals
        for name, process in self._process.items():
            if process is not None:
                values[name] = process(values[name])
        return values if self._order is None else tuple(values[name] for name in self._order)

    def row(self, raw: Sequence[Any]) -> tuple:
        return tuple(process(value) if process else value for process, value in zip(self._results, raw))
