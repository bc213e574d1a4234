"""Helpers for SOP tests: a chart of a few levels and one-line SOP verbs over REST."""
from __future__ import annotations

from tests.helpers import OrgKit

STEPS = ["Do the first step", "Do the second step"]


def chain(org: OrgKit, *titles: str) -> list[dict]:
    """Seats each reporting to the one before it; the first is the root, held by the owner."""
    seats = [org.root()]
    for title in titles:
        seats.append(org.seat(title, parent=seats[-1]["id"]))
    return seats


def sop(org: OrgKit, seat: dict, key: str, title: str | None = None, steps: list[str] | None = None,
        **fields) -> dict:
    body = {"key": key, "title": title or key.replace("-", " ").capitalize(), "steps": steps or STEPS, **fields}
    return org.ok("POST", f"/api/v1/seats/{seat['id']}/sops", body, status=201)


def edit(org: OrgKit, sop_id: str, **changes) -> dict:
    return org.ok("PATCH", f"/api/v1/sops/{sop_id}", changes)


def effective(org: OrgKit, seat: dict) -> list[dict]:
    return org.ok("GET", f"/api/v1/seats/{seat['id']}/sops", params={"effective": "true"})


def own(org: OrgKit, seat: dict) -> list[dict]:
    return org.ok("GET", f"/api/v1/seats/{seat['id']}/sops")


def keys_and_sources(items: list[dict]) -> list[tuple[str, str]]:
    return [(i["key"], i["source_seat_title"]) for i in items]
