"""The one search service every face calls: words in, results grouped by kind out.

What the person typed is never handed to the full-text engine as syntax. It is cut into words
(letters and digits of any script; everything else — quotes, *, -, parentheses, NEAR, AND —
separates words or is a plain word), and each word becomes a quoted prefix term: every word must
match the start of a word in the title or body ("acq" finds "acquisition"). The title weighs more
than the body. Results are the caller's organization's only.
"""
from __future__ import annotations

import re
from contextlib import contextmanager
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
    # A query is read by the index, never shown to others as what someone wrote: any text is
    # looked up (the line rule for stored single-line fields does not apply; a bidi or zero-width
    # character is a separator like any other non-word character).
    q = validate.text("q", q, max_len=MAX_QUERY, one_line=False)
    if not q:
        raise Invalid("q must not be empty", field="q")
    if kind is not None:
        kind = validate.choice("kind", kind, tuple(KINDS))
    limit = validate.integer("limit", limit, low=1, high=MAX_LIMIT)
    terms = words(q)
    if not terms:  # only punctuation: nothing can match, and nothing is an error either
        return Results(q, kind, [])
    params = {"org": actor.org_id, "limit": limit, "kind": kind, "cap": CANDIDATES}
    if session.get_bind().dialect.name == "postgresql":
        sql, params["m"] = _POSTGRESQL, " & ".join(f"'{t}':*" for t in terms)
        sql = sql.format(kind="AND e.kind = :kind" if kind else "")
        with _planned_for_its_words(session):
            rows = session.execute(text(sql), params).all()
    else:
        # Our own values are quoted phrases too ("" escapes a quote); the words are limited to the
        # title and body, so typing "issue" never matches the kind column.
        scope = [f'org_id : "{_fts_quoted(_org_token(actor.org_id))}"'] + ([f'kind : "{kind}"'] if kind else [])
        sql, params["m"] = _SQLITE, " AND ".join(scope + ["{title body} : (" + " ".join(f'"{t}"*' for t in terms) + ")"])
        rows = session.execute(text(sql), params).all()
    groups: dict[str, Group] = {}
    for row in rows:  # best first, so each group's first row is its best
        group = groups.setdefault(row.kind, Group(row.kind, KINDS[row.kind]))
        group.items.append(Hit(row.kind, row.ref_id, row.title, excerpt(row.body, terms),
                               url_of(row.kind, row.ref_id, row.parent_id), _aware(row.updated_at)))
    return Results(q, kind, list(groups.values()))


# A word everyone uses ("a", "the", a 2-letter prefix) can match most of a large organization;
# ranking all of those would cost as much as they are many. So the newest CANDIDATES matches are
# ranked (the index yields them newest first and stops there): as you type, recent things first.
CANDIDATES = 1000

# bm25: lower is better; the title weighs 8 times the body, the scope columns nothing. The window
# keeps `limit` per kind. The outer org_id test is redundant with the match, and kept on purpose.
_SQLITE = """
WITH hits AS (
  SELECT rowid AS id, bm25(search_fts, 8.0, 1.0, 0.0, 0.0) AS rank FROM search_fts
  WHERE search_fts MATCH :m ORDER BY rowid DESC LIMIT :cap)
SELECT kind, ref_id, title, body, parent_id, updated_at FROM (
  SELECT e.kind, e.ref_id, e.title, substr(e.body, 1, 2000) AS body, e.parent_id, e.updated_at, h.rank,
         row_number() OVER (PARTITION BY e.kind ORDER BY h.rank, e.updated_at DESC) AS n
  FROM hits h JOIN search_entries e ON e.id = h.id
  WHERE e.org_id = :org)
WHERE n <= :limit ORDER BY rank, updated_at DESC"""

# ts_rank: higher is better; the weights A (title) and B (body) make a title match count more.
_POSTGRESQL = """
WITH hits AS (
  SELECT e.id FROM search_entries e
  WHERE e.org_id = :org AND e.document @@ to_tsquery('simple', :m) {kind}
  ORDER BY e.id DESC LIMIT :cap)
SELECT kind, ref_id, title, body, parent_id, updated_at FROM (
  SELECT e.kind, e.ref_id, e.title, substr(e.body, 1, 2000) AS body, e.parent_id, e.updated_at, r.rank,
         row_number() OVER (PARTITION BY e.kind ORDER BY r.rank DESC, e.updated_at DESC) AS n
  FROM hits h JOIN search_entries e ON e.id = h.id,
       LATERAL (SELECT ts_rank(e.document, to_tsquery('simple', :m)) AS rank) AS r) AS ranked
WHERE n <= :limit ORDER BY rank DESC, updated_at DESC"""


@contextmanager
def _planned_for_its_words(session: Session):
    """Run the PostgreSQL search unprepared, so it is planned for the words it looks up.

    psycopg prepares a statement on the server once it has run it 5 times on a connection; after
    5 more runs PostgreSQL may switch that prepared statement to a generic plan, made without
    the parameters' values. A generic plan cannot know how many entries the tsquery matches (it
    guesses 0.5%), so it always chooses the GIN index, then sorts every match to keep the newest
    CANDIDATES: for a prefix that matches most entries ("ac") that is ~130 ms at 100,000 entries,
    where the plan made for the actual words (walk the newest entries, stop at CANDIDATES) takes
    ~10 ms, and a rare word's plan still uses the GIN index (~1 ms). Planning anew costs ~1 ms.
    Only this statement is left unprepared: the connection's setting is restored after it
    (`plan_cache_mode` would need a transaction to SET LOCAL in, and reads run in autocommit)."""
    driver = session.connection().connection.driver_connection
    if not hasattr(driver, "prepare_threshold"):  # not psycopg 3: nothing is prepared behind our back
        yield
        return
    saved = driver.prepare_threshold
    driver.prepare_threshold = None
    try:
        yield
    finally:
        driver.prepare_threshold = saved


def _org_token(org_id: str) -> str:
    """The organization's most distinctive token (the unique part of "org_01m9..."): one token is
    one posting list to intersect, where the whole id would be a phrase whose positions are
    checked in every entry of every organization. Other organizations' ids share the prefix, not
    this part; the outer org_id test would catch a coincidence anyway."""
    return max(re.findall(r"[^\W_]+", org_id) or [org_id], key=len)


def _fts_quoted(value: str) -> str:
    return value.replace('"', '""')


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
