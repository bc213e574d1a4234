"""Inheritance down the chart: a seat works by its own SOPs plus those of every seat above it.

Nearest first: the seat's own, then its parent's, and so on to the root. A nearer SOP with the
same key overrides the farther one (the override is listed on the winner, so a reader can see
what it replaces). Within one seat SOPs are ordered by key, so the result is deterministic —
the compiled context built from it must be byte-stable.

Queries: the chart (one, via Tree, or pass one already loaded) and the SOPs of the chain joined
with their seats' titles (one); `sop_changes_since` adds one or two more.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from otp.core.errors import Invalid, NotFound
from otp.core.types import iso
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
        return {**asdict(self), "changed_at": iso(self.changed_at)}


def _chain(session: Session, org_id: str, seat_id: str, tree: Tree | None) -> list[str]:
    tree = tree or Tree.load(session, org_id)
    if seat_id not in tree.parent:
        raise NotFound(f"no seat {seat_id!r} in this organization", field="seat_id")
    return [seat_id, *tree.ancestors(seat_id)]


def _chain_sops(session: Session, org_id: str, chain: list[str], *, archived: bool) -> list[tuple[Sop, str]]:
    q = (select(Sop, Seat.title).join(Seat, Seat.id == Sop.seat_id)
         .where(Sop.org_id == org_id, Sop.seat_id.in_(chain)))
    q = q.where(Sop.archived_at.is_not(None) if archived else Sop.archived_at.is_(None))
    depth = {seat: i for i, seat in enumerate(chain)}
    return sorted(session.execute(q).all(), key=lambda row: (depth[row[0].seat_id], row[0].key))


def effective_sops(session: Session, org_id: str, seat_id: str, *, tree: Tree | None = None) -> list[EffectiveSop]:
    """The seat's own SOPs plus every ancestor's, nearest first; same key → the nearest wins."""
    chain = _chain(session, org_id, seat_id, tree)
    depth = {seat: i for i, seat in enumerate(chain)}
    winners: dict[str, EffectiveSop] = {}
    for sop, seat_title in _chain_sops(session, org_id, chain, archived=False):
        if sop.key in winners:
            winners[sop.key].overrides.append({"sop_id": sop.id, "seat_id": sop.seat_id, "version": sop.version})
            continue
        winners[sop.key] = EffectiveSop(
            id=sop.id, key=sop.key, title=sop.title, trigger=sop.trigger, steps=list(sop.steps),
            outputs=list(sop.outputs), tools=list(sop.tools), notes=sop.notes, version=sop.version,
            updated_at=sop.updated_at, source_seat_id=sop.seat_id, source_seat_title=seat_title,
            depth=depth[sop.seat_id])
    return list(winners.values())  # dicts keep insertion order: nearest seat first, then key


def sop_changes_since(session: Session, org_id: str, seat_id: str, since: datetime, *,
                      tree: Tree | None = None) -> list[SopChange]:
    """What changed in the seat's effective SOPs after `since` (exclusive), oldest change first:
    SOPs created or edited (one entry each, at their latest version) and SOPs withdrawn by
    archiving (only those that were in force for this seat, i.e. not overridden nearer)."""
    if not isinstance(since, datetime) or since.tzinfo is None:
        raise Invalid("since must be a timezone-aware time", field="since")
    tree = tree or Tree.load(session, org_id)
    chain = _chain(session, org_id, seat_id, tree)
    effective = {e.id: e for e in effective_sops(session, org_id, seat_id, tree=tree)}
    changes: list[SopChange] = []
    if effective:
        rows = session.execute(select(SopVersion).where(SopVersion.sop_id.in_(list(effective)),
                                                        SopVersion.created_at > since)
                               .order_by(SopVersion.sop_id, SopVersion.number)).scalars()
        first: dict[str, SopVersion] = {}
        last: dict[str, SopVersion] = {}
        for row in rows:
            first.setdefault(row.sop_id, row)
            last[row.sop_id] = row
        for sop_id, latest in last.items():
            e, previous = effective[sop_id], first[sop_id].number - 1
            changes.append(SopChange(
                sop_id=sop_id, key=e.key, title=e.title, change="edited" if previous else "created",
                version=latest.number, previous_version=previous or None, changed_at=latest.created_at,
                changed_by={"kind": latest.actor_kind, "id": latest.actor_id},
                source_seat_id=e.source_seat_id, source_seat_title=e.source_seat_title))
    depth = {seat: i for i, seat in enumerate(chain)}
    nearest_live = {e.key: e.depth for e in effective.values()}
    for sop, seat_title in _chain_sops(session, org_id, chain, archived=True):
        if sop.archived_at <= since or nearest_live.get(sop.key, len(chain)) < depth[sop.seat_id]:
            continue  # archived earlier, or a nearer SOP overrode it anyway
        changes.append(SopChange(
            sop_id=sop.id, key=sop.key, title=sop.title, change="archived", version=sop.version,
            previous_version=sop.version, changed_at=sop.archived_at, changed_by=_archived_by(session, sop),
            source_seat_id=sop.seat_id, source_seat_title=seat_title))
    return sorted(changes, key=lambda c: (c.changed_at, c.key, c.source_seat_id))


def _archived_by(session: Session, sop: Sop) -> dict:
    from otp.events.models import Event
    row = session.execute(select(Event.actor_kind, Event.actor_id).where(
        Event.org_id == sop.org_id, Event.entity_type == "sop", Event.entity_id == sop.id,
        Event.action == "sop.archived").order_by(Event.seq.desc()).limit(1)).first()
    return {"kind": row.actor_kind, "id": row.actor_id} if row else {"kind": "system", "id": None}
