"""The one search service every face calls: words in, results grouped by kind out.

What the person typed is never handed to the full-text engine as syntax. It is cut into words
(letters and digits of any script; everything else — quotes, *, -, parentheses, NEAR, AND —
separates words or is a plain word), and each word becomes a quoted prefix term: every word must
match the start of a word in the title or body ("acq" finds "acquisition"). The title weighs more
than the body. Results are the caller's organization's only.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import text
from sqlalchemy.orm import Session

from otp.auth.actor import Actor
from otp.core import validate
from otp.core.errors import Invalid
from otp.search.documents import KINDS
from otp.search.links import url_of

MAX_QUERY = 200
MAX_WORDS = 8
DEFAULT_LIMIT = 5
MAX_LIMIT = 50
WORD = re.compile(r"\w+")
EXCERPT = 160


@dataclass
class Hit:
    kind: str
    id: str
    title: str
    excerpt: str
    url: str
    updated_at: datetime


@dataclass
class Group:
    kind: str
    label: str
    items: list[Hit] = field(default_factory=list)


@dataclass
class Results:
    q: str
    kind: str | None
    groups: list[Group]

    @property
    def total(self) -> int:
        return sum(len(g.items) for g in self.groups)

    def as_dict(self) -> dict:
        return {"q": self.q, "kind": self.kind, "total": self.total,
                "groups": [{"kind": g.kind, "label": g.label,
                            "items": [{"kind": h.kind, "id": h.id, "title": h.title, "excerpt": h.excerpt,
                                       "url": h.url, "updated_at": h.updated_at} for h in g.items]}
                           for g in self.groups]}


def words(q: str) -> list[str]:
    return [w.lower() for w in WORD.findall(q)][:MAX_WORDS]


def search(session: Session, actor: Actor, *, q: str, kind: str | None = None,
           limit: int = DEFAULT_LIMIT) -> Results:
    """At most `limit` results of each kind (or of `kind` alone), best first; groups ordered by
    their best result. The caller checks the read scope (as every read face does)."""
    q = validate.text("q", q, max_len=MAX_QUERY)
    if not q:
        raise Invalid("q must not be empty", field="q")
    if kind is not None:
        kind = validate.choice("kind", kind, tuple(KINDS))
    limit = validate.integer("limit", limit, low=1, high=MAX_LIMIT)
    terms = words(q)
    if not terms:  # only punctuation: nothing can match, and nothing is an error either
        return Results(q, kind, [])
    params = {"org": actor.org_id, "limit": limit, "kind": kind}
    if session.get_bind().dialect.name == "postgresql":
        sql, params["m"] = _POSTGRESQL, " & ".join(f"'{t}':*" for t in terms)
    else:
        sql, params["m"] = _SQLITE, " ".join(f'"{t}"*' for t in terms)
    rows = session.execute(text(sql.format(kind="AND e.kind = :kind" if kind else "")), params).all()
    groups: dict[str, Group] = {}
    for row in rows:  # best first, so each group's first row is its best
        group = groups.setdefault(row.kind, Group(row.kind, KINDS[row.kind]))
        group.items.append(Hit(row.kind, row.ref_id, row.title, excerpt(row.body, terms),
                               url_of(row.kind, row.ref_id, row.parent_id), _aware(row.updated_at)))
    return Results(q, kind, list(groups.values()))


# bm25: lower is better; title 8 times the body. The window keeps `limit` per kind.
_SQLITE = """
SELECT kind, ref_id, title, body, parent_id, updated_at FROM (
  SELECT *, row_number() OVER (PARTITION BY kind ORDER BY rank, updated_at DESC) AS n FROM (
    SELECT e.kind, e.ref_id, e.title, substr(e.body, 1, 2000) AS body, e.parent_id, e.updated_at,
           bm25(search_fts, 8.0, 1.0) AS rank
    FROM search_fts JOIN search_entries e ON e.id = search_fts.rowid
    WHERE search_fts MATCH :m AND e.org_id = :org {kind}))
WHERE n <= :limit ORDER BY rank, updated_at DESC"""

# ts_rank: higher is better; the weights A (title) and B (body) make a title match count more.
_POSTGRESQL = """
SELECT kind, ref_id, title, body, parent_id, updated_at FROM (
  SELECT e.kind, e.ref_id, e.title, substr(e.body, 1, 2000) AS body, e.parent_id, e.updated_at, r.rank,
         row_number() OVER (PARTITION BY e.kind ORDER BY r.rank DESC, e.updated_at DESC) AS n
  FROM search_entries e, to_tsquery('simple', :m) AS query,
       LATERAL (SELECT ts_rank(e.document, query) AS rank) AS r
  WHERE e.org_id = :org AND e.document @@ query {kind}) AS ranked
WHERE n <= :limit ORDER BY rank DESC, updated_at DESC"""


def excerpt(body: str, terms: list[str]) -> str:
    """One line of the body around the first word that matched (the start when none did); the
    body's lines (a seat's responsibilities, an SOP's steps) read as "a · b · c"."""
    flat = " · ".join(" ".join(line.split()) for line in (body or "").splitlines() if line.strip())
    if len(flat) <= EXCERPT:
        return flat
    lower = flat.lower()
    at = min((i for i in (lower.find(t) for t in terms) if i >= 0), default=0)
    start = max(0, at - EXCERPT // 3)
    if start:  # begin at a word, not inside one
        space = flat.rfind(" ", 0, start)
        start = space + 1 if space >= 0 and start - space < 20 else start
    end = start + EXCERPT
    if end < len(flat):
        space = flat.rfind(" ", start, end)
        end = space if space > start + EXCERPT // 2 else end
    return ("…" if start else "") + flat[start:end].strip(" ·") + ("…" if end < len(flat) else "")


def _aware(value):
    from datetime import timezone
    if isinstance(value, str):  # SQLite through a text() query: the stored text, always UTC
        value = datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)
