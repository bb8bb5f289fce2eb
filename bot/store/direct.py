"""SQLAlchemy Core statements compiled once and run straight on the DBAPI connection (SQLite's hot path).

A logged action is a handful of statements; through Connection.execute each one also pays for cache-key lookup,
execution context, events and result metadata, which on SQLite cost three times the statements themselves
(benchmarks/turns.py). A DirectStatement keeps what SQLAlchemy decides (the SQL text, the order of parameters and
each column type's conversion to and from the database) and skips the per-call machinery. The statements stay
defined once, as Core, in bot/store/sql/statements.py; only how they are run differs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Protocol

from sqlalchemy.engine import Dialect
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.expression import ClauseElement

Convert = Callable[[Any], Any]


class DbapiConnection(Protocol):
    """The part of a PEP 249 connection (here sqlite3's) a DirectStatement uses."""

    def execute(self, sql: str, parameters: Sequence[Any], /) -> Any: ...

    def executemany(self, sql: str, parameters: Iterable[Sequence[Any]], /) -> Any: ...


class DirectStatement:
    def __init__(self, statement: ClauseElement, dialect: Dialect, *, given: Sequence[str]) -> None:
        """`given`: the parameter names every run supplies; anything else must be fixed in the statement itself.

        An INSERT is compiled for exactly the `given` columns. A column left out whose default SQLAlchemy would
        compute at execution time has no value here, so it is refused now rather than stored as NULL later."""
        compiled = statement.compile(dialect=dialect, column_keys=list(given))
        if not isinstance(compiled, SQLCompiler) or compiled.positiontup is None:
            raise ValueError(f"{dialect.name} does not use positional parameters")
        self.sql = str(compiled)
        self._given = frozenset(given)
        slots: list[tuple[str | None, Convert | None, Any]] = []
        for name in compiled.positiontup:
            bind = compiled.binds[name]
            convert = bind.type.dialect_impl(dialect).bind_processor(dialect)
            if name in given:
                slots.append((name, convert, None))
            elif bind.value is not None and not bind.required:
                slots.append((None, None, convert(bind.value) if convert else bind.value))
            else:
                raise ValueError(f"{self.sql!r}: no value for parameter {name!r}")
        unused = set(given) - set(compiled.positiontup)
        if unused:
            raise ValueError(f"{self.sql!r} has no parameter {sorted(unused)}")
        self._slots = tuple(slots)
        columns = getattr(statement, "exported_columns", ())
        self._results = tuple(column.type.dialect_impl(dialect).result_processor(dialect, None) for column in columns)

    def parameters(self, values: Mapping[str, Any]) -> tuple[Any, ...]:
        if len(values) != len(self._given):
            # A missing name fails below; an extra one would be silently dropped, a column not written.
            raise ValueError(f"{self.sql!r} takes {sorted(self._given)}, given {sorted(values)}")
        out = []
        for name, convert, fixed in self._slots:
            if name is None:
                out.append(fixed)
            else:
                value = values[name]
                out.append(convert(value) if convert is not None else value)
        return tuple(out)

    def run(self, db: DbapiConnection, values: Mapping[str, Any]) -> None:
        db.execute(self.sql, self.parameters(values))

    def run_many(self, db: DbapiConnection, rows: Iterable[Mapping[str, Any]]) -> None:
        db.executemany(self.sql, [self.parameters(row) for row in rows])

    def first(self, db: DbapiConnection, values: Mapping[str, Any]) -> tuple[Any, ...] | None:
        """The first row, each column converted as SQLAlchemy would (JSON parsed, datetimes made aware)."""
        row = db.execute(self.sql, self.parameters(values)).fetchone()
        if row is None:
            return None
        return tuple(
            convert(value) if convert is not None else value for convert, value in zip(self._results, row, strict=True)
        )
