"""Inheritance down the chart: a seat works by its own SOPs plus those of every seat above it.

Nearest first: the seat's own, then its parent's, and so on to the root. A nearer SOP with the
same key overrides the farther one (the override is listed on the winner, so a reader can see
what it replaces). Within one seat SOPs are ordered by key, so the result is deterministic —
the compiled context built from it must be byte-stable.

Queries: the chart (one, via Tree, or pass one already loaded) and the SOPs of the chain joined
with their seats' titles (one); `sop_history` (what `sop_changes_since` reads) adds one or two
more. They are plain Core selects built once, with no ORM objects loaded.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from otp.core.errors import Invalid, NotFound
from otp.core.types import iso
from otp.events.models import Event
from otp.org.models import Seat
from otp.org.tree import Tree
from otp.sops.models import Sop, SopVersion


@dataclass(frozen=True)
class EffectiveSop:
    id: str
    key: str
    title: str
    trigger: str
    steps: list[str]
    outputs: list[str]
    tools: list[str]
    notes: str
    version: int
    updated_at: datetime
    source_seat_id: str
    source_seat_title: str
    depth: int  # 0 = the seat's own, 1 = its parent's, ...
    overrides: list[dict] = field(default_factory=list)  # [{sop_id, seat_id, version}] farther SOPs it replaces

    @property
    def inherited(self) -> bool:
        return self.depth > 0

    def as_dict(self) -> dict:
        out = asdict(self)
        out["updated_at"] = iso(self.updated_at)
        out["inherited"] = self.inherited
        return out


@dataclass(frozen=True)
class SopChange:
    sop_id: str
    key: str
    title: str
    change: str  # "created" | "edited" | "archived"
    version: int  # the latest version (for "archived": the version that was withdrawn)
    previous_version: int | None  # the version in force at `since` (None: the SOP is new)
    changed_at: datetime
    changed_by: dict  # {"kind", "id"}
    source_seat_id: str
    source_seat_title: str

    def as_dict(self) -> dict:
        # Spelled out (same keys and order as dataclasses.asdict, which deep-copies and is slow).
        return {"sop_id": self.sop_id, "key": self.key, "title": self.title, "change": self.change,
                "version": self.version, "previous_version": self.previous_version,
                "changed_at": iso(self.changed_at), "changed_by": dict(self.changed_by),
                "source_seat_id": self.source_seat_id, "source_seat_title": self.source_seat_title}


def _chain(session: Session, org_id: str, seat_id: str, tree: Tree | None) -> list[str]:
    tree = tree or Tree.load(session, org_id)
    if seat_id not in tree.parent:
        raise NotFound(f"no seat {seat_id!r} in this organization", field="seat_id")
    return [seat_id, *tree.ancestors(seat_id)]


# Plain Core statements, built once: the briefing runs these for every agent run (bench_briefing).
_CHAIN_SOPS = (select(Sop.id, Sop.seat_id, Sop.key, Sop.title, Sop.trigger, Sop.steps, Sop.outputs, Sop.tools,
                      Sop.notes, Sop.version, Sop.updated_at, Sop.archived_at, Seat.title.label("seat_title"))
               .join(Seat, Seat.id == Sop.seat_id)
               .where(Sop.org_id == bindparam("org_id"), Sop.seat_id.in_(bindparam("chain", expanding=True))))
_VERSIONS = (select(SopVersion.sop_id, SopVersion.number, SopVersion.created_at, SopVersion.actor_kind,
                    SopVersion.actor_id)
             .where(SopVersion.sop_id.in_(bindparam("sop_ids", expanding=True)))
             .order_by(SopVersion.sop_id, SopVersion.number))
_ARCHIVED_BY = (select(Event.entity_id, Event.actor_kind, Event.actor_id)
                .where(Event.org_id == bindparam("org_id"), Event.entity_type == "sop",
                       Event.entity_id.in_(bindparam("sop_ids", expanding=True)), Event.action == "sop.archived")
                .order_by(Event.seq))


def _core(session: Session):
    # Plain Core on the session's connection; flush pending ORM changes first, as session.execute would.
    session.flush()
    return session.connection()


def _chain_sops(session: Session, org_id: str, chain: list[str]) -> list:
    """Every SOP on the chain (archived ones too), nearest seat first, then by key."""
    depth = {seat: i for i, seat in enumerate(chain)}
    rows = _core(session).execute(_CHAIN_SOPS, {"org_id": org_id, "chain": chain}).all()
    return sorted(rows, key=lambda row: (depth[row.seat_id], row.key))


def _effective(rows: list, chain: list[str]) -> list[EffectiveSop]:
    depth = {seat: i for i, seat in enumerate(chain)}
    winners: dict[str, EffectiveSop] = {}
    for sop in rows:
        if sop.archived_at is not None:
            continue
        if sop.key in winners:
            winners[sop.key].overrides.append({"sop_id": sop.id, "seat_id": sop.seat_id, "version": sop.version})
            continue
        winners[sop.key] = EffectiveSop(
            id=sop.id, key=sop.key, title=sop.title, trigger=sop.trigger, steps=list(sop.steps),
            outputs=list(sop.outputs), tools=list(sop.tools), notes=sop.notes, version=sop.version,
            updated_at=sop.updated_at, source_seat_id=sop.seat_id, source_seat_title=sop.seat_title,
            depth=depth[sop.seat_id])
    return list(winners.values())  # dicts keep insertion order: nearest seat first, then key


def effective_sops(session: Session, org_id: str, seat_id: str, *, tree: Tree | None = None) -> list[EffectiveSop]:
    """The seat's own SOPs plus every ancestor's, nearest first; same key → the nearest wins."""
    chain = _chain(session, org_id, seat_id, tree)
    return _effective(_chain_sops(session, org_id, chain), chain)


@dataclass(frozen=True)
class SopHistory:
    """Everything `changes_since` needs about one seat's chain of SOPs, read in three queries:
    the effective set, every version of its SOPs (number, time, who) and the SOPs withdrawn by
    archiving. Plain data, so a caller may keep it while nothing in the organization changes
    (the briefing does, keyed on the organization's event sequence)."""
    chain: tuple[str, ...]
    effective: tuple[EffectiveSop, ...]
    versions: dict  # sop_id -> [(number, created_at, actor_kind, actor_id)], by number
    archived: tuple  # (row, archived_by {"kind", "id"}) for every archived SOP on the chain


def sop_history(session: Session, org_id: str, seat_id: str, *, tree: Tree | None = None) -> SopHistory:
    chain = _chain(session, org_id, seat_id, tree)
    rows = _chain_sops(session, org_id, chain)
    effective = _effective(rows, chain)
    conn = _core(session)
    versions: dict[str, list] = {}
    if effective:
        for sop_id, number, created_at, kind, actor_id in conn.execute(
                _VERSIONS, {"sop_ids": [e.id for e in effective]}):
            versions.setdefault(sop_id, []).append((number, created_at, kind, actor_id))
    archived_rows = [r for r in rows if r.archived_at is not None]
    by: dict[str, dict] = {}
    if archived_rows:
        for sop_id, kind, actor_id in conn.execute(_ARCHIVED_BY, {"org_id": org_id,
                                                                   "sop_ids": [r.id for r in archived_rows]}):
            by[sop_id] = {"kind": kind, "id": actor_id}  # ordered by seq: the last archiving wins
    return SopHistory(tuple(chain), tuple(effective), versions,
                      tuple((r, by.get(r.id, {"kind": "system", "id": None})) for r in archived_rows))


def changes_since(history: SopHistory, since: datetime) -> list[SopChange]:
    """What changed in the seat's effective SOPs after `since` (exclusive), oldest change first:
    SOPs created or edited (one entry each, at their latest version) and SOPs withdrawn by
    archiving (only those that were in force for this seat, i.e. not overridden nearer)."""
    if not isinstance(since, datetime) or since.tzinfo is None:
        raise Invalid("since must be a timezone-aware time", field="since")
    changes: list[SopChange] = []
    for e in history.effective:
        after = [v for v in history.versions.get(e.id, ()) if v[1] > since]
        if not after:
            continue
        (first, *_), (number, created_at, kind, actor_id) = after[0], after[-1]
        previous = first - 1
        changes.append(SopChange(
            sop_id=e.id, key=e.key, title=e.title, change="edited" if previous else "created",
            version=number, previous_version=previous or None, changed_at=created_at,
            changed_by={"kind": kind, "id": actor_id}, source_seat_id=e.source_seat_id,
            source_seat_title=e.source_seat_title))
    depth = {seat: i for i, seat in enumerate(history.chain)}
    nearest_live = {e.key: e.depth for e in history.effective}
    for sop, archived_by in history.archived:
        if sop.archived_at <= since or nearest_live.get(sop.key, len(history.chain)) < depth[sop.seat_id]:
            continue  # archived earlier, or a nearer SOP overrode it anyway
        changes.append(SopChange(
            sop_id=sop.id, key=sop.key, title=sop.title, change="archived", version=sop.version,
            previous_version=sop.version, changed_at=sop.archived_at, changed_by=dict(archived_by),
            source_seat_id=sop.seat_id, source_seat_title=sop.seat_title))
    return sorted(changes, key=lambda c: (c.changed_at, c.key, c.source_seat_id))


def sop_changes_since(session: Session, org_id: str, seat_id: str, since: datetime, *,
                      tree: Tree | None = None) -> list[SopChange]:
    """`changes_since` for the seat's chain as it is now."""
    if not isinstance(since, datetime) or since.tzinfo is None:
        raise Invalid("since must be a timezone-aware time", field="since")
    return changes_since(sop_history(session, org_id, seat_id, tree=tree), since)
