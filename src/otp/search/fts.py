"""The full-text index beside search_entries, which the models cannot describe (so the schema
test leaves it out: `not_a_model`):

- SQLite: an FTS5 table with external content (the entries' title and body, by rowid), kept in
  step by three triggers; unicode61 folding case and diacritics, prefix indexes for 2 and 3
  characters so as-you-type prefixes stay cheap. The organization and the kind are indexed
  columns too, so "this organization's issues" is part of the full-text match (posting lists
  intersected in the index) rather than a filter over every row any organization matched.
- PostgreSQL: a stored generated tsvector column ('simple' configuration: no stemming, since
  titles are names more often than prose; the title weighs A, the body B) with a GIN index.
"""
from __future__ import annotations

from sqlalchemy.engine import Connection

FTS_TABLE = "search_fts"
PG_COLUMN = "document"
PG_INDEX = "ix_search_entries_document"

SQLITE = [
    f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(title, body, org_id, kind, content='search_entries', "
    "content_rowid='id', tokenize='unicode61 remove_diacritics 2', prefix='2 3')",
    f"""CREATE TRIGGER search_entries_ai AFTER INSERT ON search_entries BEGIN
  INSERT INTO {FTS_TABLE}(rowid, title, body, org_id, kind) VALUES (new.id, new.title, new.body, new.org_id, new.kind);
END""",
    f"""CREATE TRIGGER search_entries_ad AFTER DELETE ON search_entries BEGIN
  INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, title, body, org_id, kind)
    VALUES ('delete', old.id, old.title, old.body, old.org_id, old.kind);
END""",
    f"""CREATE TRIGGER search_entries_au AFTER UPDATE ON search_entries BEGIN
  INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, title, body, org_id, kind)
    VALUES ('delete', old.id, old.title, old.body, old.org_id, old.kind);
  INSERT INTO {FTS_TABLE}(rowid, title, body, org_id, kind) VALUES (new.id, new.title, new.body, new.org_id, new.kind);
END""",
]
SQLITE_DROP = ["DROP TRIGGER IF EXISTS search_entries_ai", "DROP TRIGGER IF EXISTS search_entries_ad",
               "DROP TRIGGER IF EXISTS search_entries_au", f"DROP TABLE IF EXISTS {FTS_TABLE}"]
POSTGRESQL = [
    f"""ALTER TABLE search_entries ADD COLUMN {PG_COLUMN} tsvector GENERATED ALWAYS AS (
  setweight(to_tsvector('simple'::regconfig, coalesce(title, '')), 'A') ||
  setweight(to_tsvector('simple'::regconfig, coalesce(body, '')), 'B')) STORED""",
    f"CREATE INDEX {PG_INDEX} ON search_entries USING gin ({PG_COLUMN})",
]


def create(conn: Connection) -> None:
    for statement in SQLITE if conn.dialect.name == "sqlite" else POSTGRESQL:
        conn.exec_driver_sql(statement)


def drop(conn: Connection) -> None:
    if conn.dialect.name == "sqlite":
        for statement in SQLITE_DROP:
            conn.exec_driver_sql(statement)


def not_a_model(obj, name, type_, reflected, compare_to) -> bool:
    """An alembic `include_object`: False for the index's own objects, which no model declares."""
    if type_ == "table" and reflected and compare_to is None and name and name.startswith(FTS_TABLE):
        return False
    if type_ == "column" and name == PG_COLUMN and getattr(obj, "table", None) is not None \
            and obj.table.name == "search_entries":
        return False
    if type_ == "index" and name == PG_INDEX:
        return False
    return True
