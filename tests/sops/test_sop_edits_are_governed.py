"""Editing SOPs passes the governance gate (sop.edit); a held edit replays from its payload."""
from __future__ import annotations

from otp import commands
from otp.auth.tokens import person_actor
from tests.sops.kit import STEPS, chain, sop


def sop_events(org) -> list[str]:
    # Not the total count: the governance gate may record the refusal itself.
    return [e.action for e in org.events() if e.entity_type == "sop"]


def test_an_observer_cannot_create_or_edit_and_nothing_changes(org):
    [root] = chain(org)
    created = sop(org, root, "ship")
    observer = org.person("Olga Observer", role="observer")
    token = org.token_for(person=observer)
    before = sop_events(org)
    response = org.post(f"/api/v1/seats/{root['id']}/sops", json={"key": "k", "title": "T", "steps": STEPS},
                        token=token)
    assert response.status_code == 403
    assert org.call("PATCH", f"/api/v1/sops/{created['id']}", json={"title": "X"}, token=token).status_code == 403
    assert sop_events(org) == before and org.ok("GET", f"/api/v1/sops/{created['id']}")["version"] == 1


def test_the_registered_command_replays_an_edit_from_its_payload(org, db):
    [root] = chain(org)
    created = sop(org, root, "ship")
    with db.write() as s:
        actor = person_actor(s, org.owner_id, org.org_id)
        commands.run(s, actor, "sop.edit", {"seat_id": root["id"], "key": "ship", "changes": {"title": "Held"},
                                            "archived": None})
    assert org.ok("GET", f"/api/v1/sops/{created['id']}")["title"] == "Held"
