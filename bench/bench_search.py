"""Search over 100,000 entries: one query through the service, as you type, on SQLite FTS5 or PostgreSQL.

What it measures: an organization with 100,000 search entries (titles of 3-8 words and bodies of
10-40 words drawn Zipf-like from a 5,000-word vocabulary, bulk-inserted through the table so the
FTS5 triggers or the generated tsvector column index them — loading is not what is timed) beside
a second organization of 10,000 entries that must never show; then
`otp.search.query.search(session, actor, q=...)` — the service behind GET /api/v1/search, the MCP
tool, `otp search` and the header's panel — in a read transaction, for what a person types:
  - a 2-letter prefix (matches many entries: the worst case of "as you type"),
  - a 3-letter prefix, a whole common word, a rare word, two words, and a word nobody used.
Each returns at most 5 results per kind (the default), grouped and ranked.
Target: p99 under 50 ms for every query, on SQLite and on PostgreSQL.

On PostgreSQL each run loads a new database of its own on the server OTP_BENCH_DATABASE_URL names
(created, then dropped at the end), so runs never time each other's leftovers. The table's title
gives the machine's load average: timings on a busy machine are not comparable.

Run: python -m bench.run search   (--quick: 10,000 entries; OTP_BENCH_DATABASE_URL=postgresql://... for PostgreSQL)
"""
from __future__ import annotations

import os
import random
import time

from sqlalchemy import insert

from bench._database import fresh_database
from bench._table import median, p99, print_table, timings
from otp.auth.tokens import person_actor
from otp.core import clock
from otp.core.db import Database
from otp.core.migrate import upgrade
from otp.org import orgs, people
from otp.search.documents import KINDS
from otp.search.models import SearchEntry
from otp.search.query import search

SYLLABLES = ["ac", "qui", "si", "tion", "bal", "mor", "ten", "pra", "vel", "dor", "lin", "ka", "ro", "ster", "mu",
             "net", "ga", "ple", "chi", "zo", "bre", "fin", "dex", "lu", "gor", "pan", "sel", "tri", "wa", "ny"]


def vocabulary(rng: random.Random, size: int = 5_000) -> list[str]:
    words = {"acquisition", "renewal", "invoice", "quarterly", "pipeline"}
    while len(words) < size:
        words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))))
    return sorted(words)


def zipf_words(rng: random.Random, vocab: list[str], n: int) -> str:
    # Index ~ exponential: a few words are common, most are rare (as in any organization's text).
    return " ".join(vocab[min(len(vocab) - 1, int(rng.expovariate(1 / 400)))] for _ in range(n))


def build(db: Database, entries: int, rng: random.Random):
    vocab = vocabulary(rng)
    kinds = list(KINDS)
    with db.write() as s:
        owners = [people.create_person(s, email=f"bench-search-{i}-{rng.random()}@example.com", name="Bench Owner",
                                       password="bench-pw") for i in range(2)]
        org_ids = [orgs.create_organization(s, name=f"Bench search {i}", slug=f"bench-search-{i}-{rng.randint(0, 10**9)}",
                                            owner_person_id=o.id).id for i, o in enumerate(owners)]
        actor = person_actor(s, owners[0].id, org_ids[0])
    now = clock.now()
    for org_id, count in ((org_ids[0], entries), (org_ids[1], entries // 10)):
        for start in range(0, count, 5_000):
            rows = [{"org_id": org_id, "kind": kinds[i % len(kinds)], "ref_id": f"bench_{org_id[-8:]}_{i}",
                     "title": zipf_words(rng, vocab, rng.randint(3, 8)).capitalize(),
                     "body": zipf_words(rng, vocab, rng.randint(10, 40)), "updated_at": now}
                    for i in range(start, min(count, start + 5_000))]
            with db.write() as s:
                s.execute(insert(SearchEntry), rows)
    return actor, vocab


def main(quick: bool = False) -> None:
    with fresh_database("search") as url:
        _run(url, quick)


def _run(url: str, quick: bool) -> None:
    entries = 10_000 if quick else 100_000
    upgrade(url)
    db = Database(url)
    try:
        _measure(db, entries, quick)
    finally:
        db.dispose()


def _measure(db: Database, entries: int, quick: bool) -> None:
    rng = random.Random(7)
    t0 = time.perf_counter()
    actor, vocab = build(db, entries, rng)
    load_s = time.perf_counter() - t0
    if db.engine.dialect.name == "postgresql":
        with db.engine.begin() as conn:
            conn.exec_driver_sql("ANALYZE search_entries")

    rare = vocab[-1]
    typed = [("2-letter prefix", "ac"), ("3-letter prefix", "acq"), ("common word", vocab[0]),
             ("rare word", rare), ("two words", f"{vocab[1][:4]} {vocab[2][:3]}"), ("no match", "zzqxv")]
    rows = []
    for label, q in typed:
        def go(q=q):
            with db.read() as s:
                return search(s, actor, q=q)
        found = go()
        t = timings(go, repeat=30 if quick else 200, warmup=5)
        rows.append([f"{label}: {q!r}", found.total, median(t) * 1000, p99(t) * 1000])
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print_table(f"search over {entries:,} entries (+{entries // 10:,} in another organization), "
                f"{db.engine.dialect.name}; loaded in {load_s:.1f} s; load average {load}",
                ["typed", "results", "p50 ms", "p99 ms"], rows)
