"""Hot read statements, compiled once and run straight on the DB-API cursor.

SQLAlchemy's per-execution bookkeeping (execution context, compiled-cache lookup, events, result
metadata) costs some 25 µs a statement, several times what the small indexed SELECTs of a hot
read path (the agent briefing: about ten of them per request) cost in the database. A
`Prepared` statement pays for that once per dialect: the SQL text, the parameter order and the
same bind and result conversions SQLAlchemy would apply (taken from the column types), so the
rows it returns equal those of `Connection.execute(statement).all()` as plain tuples.

It runs on the connection's DB-API connection, inside the caller's transaction (begun first if
the connection has none, as SQLAlchemy's autobegin would). Driver errors arrive unwrapped (sqlite3
or psycopg exceptions); the caller's transaction is rolled back by SQLAlchemy as for any other
error. What SQLAlchemy's engine events would see (`echo`, `before_cursor_execute` listeners,
tracing) does not see these statements: count or log them at the caller when that matters.
`write` runs the few hot INSERTs and UPDATEs the same way (the audit event and its chain head);
it marks the transaction as written (otp.core.tx_writes) and wraps driver errors as SQLAlchemy does.
"""
from __future__ import annotations

import threading
import weakref
from dataclasses import dataclass
from typing import Any, Callable, Mapping

from sqlalchemy.engine import Connection, Dialect
from sqlalchemy.exc import DBAPIError
from sqlalchemy.sql import Select
from sqlalchemy.sql.dml import Insert, Update

from otp.core import tx_writes


@dataclass
class _Compiled:
    sql: str
    construct: Callable[[Mapping[str, Any]], dict]
    names: tuple[str, ...] | None  # positional drivers (sqlite3): the order of the values
    binds: dict[str, Callable[[Any], Any]]
    # The driver's arguments straight from the caller's parameters, in the driver's order: one
    # (key in the parameters, bind conversion or None) per placeholder, named (name, key, process).
    direct: tuple[tuple, ...]
    results: list[Callable[[Any], Any] | None] | None = None  # from the first cursor's description

    def arguments(self, params: Mapping[str, Any]) -> dict | list:
        """What `construct_params` and the bind conversions would give, in the driver's form. When
        every placeholder's key is among `params` (the usual case), that is each value looked up and
        converted; otherwise SQLAlchemy's own path decides (defaults, names, required binds)."""
        try:
            if self.names is None:
                return {name: params[key] if process is None else process(params[key])
                        for name, key, process in self.direct}
            return [params[key] if process is None else process(params[key]) for key, process in self.direct]
        except KeyError:
            pass
        values = self.construct(params)
        for name, process in self.binds.items():
            values[name] = process(values[name])
        return values if self.names is None else [values[n] for n in self.names]


class Prepared:
    """A Core SELECT with bound parameters (no expanding IN, no values rendered at execution); or
    an INSERT or UPDATE whose values are the `columns` named (run with `write`)."""

    def __init__(self, statement: Select | Insert | Update, columns: tuple[str, ...] | None = None):
        self.statement = statement
        self.columns = list(columns) if columns is not None else None
        # Per dialect object, not per dialect name: two engines may convert types differently.
        self._compiled: weakref.WeakKeyDictionary[Dialect, _Compiled] = weakref.WeakKeyDictionary()
        self._lock = threading.Lock()

    def all(self, conn: Connection, params: Mapping[str, Any]) -> list[tuple]:
        dialect = conn.dialect
        compiled = self._compiled.get(dialect) or self._compile(dialect)
        if not conn.in_transaction():
            conn.begin()
        args = compiled.arguments(params)
        cursor = conn.connection.cursor()
        try:
            cursor.execute(compiled.sql, args)
            rows = cursor.fetchall()
            results = compiled.results
            if results is None:
                results = compiled.results = self._result_processors(dialect, cursor.description)
        finally:
            cursor.close()
        if not any(results):
            return [tuple(row) for row in rows]
        return [tuple(value if process is None else process(value) for process, value in zip(results, row))
                for row in rows]

    def write(self, conn: Connection, params: Mapping[str, Any]) -> tuple | None:
        """Run an INSERT, an UPDATE or a locking read (SELECT ... FOR UPDATE); the first row it
        returns (RETURNING or the read, unconverted), or None. Engine events do not see it, so the
        transaction is marked as written here; driver errors are wrapped as SQLAlchemy wraps them
        (IntegrityError, OperationalError, ...), for callers that retry or report those."""
        dialect = conn.dialect
        compiled = self._compiled.get(dialect) or self._compile(dialect)
        if not conn.in_transaction():
            conn.begin()
        tx_writes.mark_written(conn)
        args = compiled.arguments(params)
        cursor = conn.connection.cursor()
        try:
            cursor.execute(compiled.sql, args)
            row = cursor.fetchone() if cursor.description else None
        except dialect.loaded_dbapi.Error as exc:
            raise DBAPIError.instance(compiled.sql, args, exc, dialect.loaded_dbapi.Error, dialect=dialect) from exc
        finally:
            cursor.close()
        return None if row is None else tuple(row)

    def one(self, conn: Connection, params: Mapping[str, Any]) -> tuple:
        rows = self.all(conn, params)
        if len(rows) != 1:
            raise LookupError(f"expected one row, got {len(rows)}")
        return rows[0]

    def _compile(self, dialect: Dialect) -> _Compiled:
        with self._lock:
            found = self._compiled.get(dialect)
            if found is not None:
                return found
            compiled = self.statement.compile(dialect=dialect, column_keys=self.columns)
            if compiled.literal_execute_params or compiled.post_compile_params or compiled.escaped_bind_names:
                raise ValueError("Prepared runs only statements whose parameters are all plain binds")
            binds = {}
            for name, bind in compiled.binds.items():
                process = bind.type.dialect_impl(dialect).bind_processor(dialect)
                if process is not None:
                    binds[name] = process
            names = tuple(compiled.positiontup) if compiled.positional else None
            key_of = {name: bind.key for bind, name in compiled.bind_names.items()}
            if names is None:
                direct: tuple = tuple((name, key_of[name], binds.get(name)) for name in key_of)
            else:
                direct = tuple((key_of[name], binds.get(name)) for name in names)
            found = _Compiled(compiled.string, compiled.construct_params, names, binds, direct)
            self._compiled[dialect] = found
            return found

    def _result_processors(self, dialect: Dialect, description) -> list:
        columns = list(self.statement.selected_columns)
        if len(columns) != len(description):
            raise ValueError("the statement's columns and the cursor's do not line up")
        return [column.type.dialect_impl(dialect).result_processor(dialect, described[1])
                for column, described in zip(columns, description)]
