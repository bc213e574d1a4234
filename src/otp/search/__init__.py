"""Search: one box over the organization's chart, work, cadence and SOPs, backed by the
database's own full-text search (SQLite FTS5, PostgreSQL tsvector + GIN) and kept current in the
transaction of every write by a session flush hook (see flush_hooks.py)."""
