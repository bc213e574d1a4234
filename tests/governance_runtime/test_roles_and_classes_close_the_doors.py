"""Managing a meeting series is its own class (not meeting.run); deleting a series and
publishing the OOS need an admin by default; the role table is edited like the level matrix;
observers get 403 for every write, even one that would change nothing."""
from tests.governance_runtime.kit import chart
from tests.oos_store.kit import import_fixture

SERIES = {"team": "Ops", "weekday": 0, "time_of_day": "09:00", "timezone": "UTC"}


def _series(org, c, token=None, status=201):
    return org.call("POST", "/api/v1/meetings/series", {**SERIES, "attendee_seat_ids": [c.ceo["id"]]}, token=token)


def test_a_level_5_agent_cannot_delete_a_series_and_a_member_is_refused(org):
    c = chart(org, level=5)
    series = _series(org, c).json()
    before = org.event_count()
    r = org.call("DELETE", f"/api/v1/meetings/series/{series['id']}", token=c.agent_token)
    assert r.status_code == 202 and "meeting.series.delete" in r.json()["error"]["message"], r.text
    r = org.call("DELETE", f"/api/v1/meetings/series/{series['id']}", token=org.token_for(person=c.member))
    assert r.status_code == 403 and "role:member" in r.json()["error"]["message"], r.text
    assert not org.events("meeting_series.deleted") and org.event_count() > before  # refusals are on record
    org.ok("DELETE", f"/api/v1/meetings/series/{series['id']}", token=org.token_for(person=c.admin))
    assert org.events("meeting_series.deleted")


def test_a_member_may_create_a_series_but_not_publish_the_oos(org):
    c = chart(org)
    member = org.token_for(person=c.member)
    assert _series(org, c, token=member).status_code == 201
    import_fixture(org)
    r = org.call("POST", "/api/v1/oos/publish", {}, token=member)
    assert r.status_code == 403 and "oos.publish" in r.json()["error"]["message"], r.text


def test_the_role_table_is_edited_like_the_matrix(org):
    c = chart(org)
    assert org.ok("GET", "/api/v1/governance/roles")["roles"]["member"]["meeting.series.delete"] == "deny"
    org.ok("POST", "/api/v1/governance/roles", {"role": "member", "action": "meeting.series.delete", "effect": "allow"})
    assert org.ok("GET", "/api/v1/governance/roles")["roles"]["member"]["meeting.series.delete"] == "allow"
    series = _series(org, c).json()
    org.ok("DELETE", f"/api/v1/meetings/series/{series['id']}", token=org.token_for(person=c.member))
    r = org.call("PATCH", "/api/v1/governance/policy", {"roles": [{"role": "owner", "action": "oos.publish",
                                                                   "effect": "deny"}]})
    assert r.status_code == 422 and r.json()["error"]["field"] == "roles.0.role", r.text


def test_observers_get_403_for_every_write_even_one_that_changes_nothing(org):
    c = chart(org)
    observer = org.person("Olive Observer", role="observer")
    token = org.token_for(person=observer)
    series = _series(org, c).json()
    before = [e.id for e in org.events() if e.action != "governance.denied"]
    writes = [("PATCH", "/api/v1/governance/policy", {}),
              ("PATCH", f"/api/v1/organizations/{org.org_id}", {}),
              ("PATCH", f"/api/v1/meetings/series/{series['id']}", {"team": "Ops"}),
              ("POST", f"/api/v1/agents/{c.agent['id']}/resume", {}),
              ("POST", "/api/v1/meetings/series", {**SERIES, "attendee_seat_ids": [c.ceo["id"]]})]
    for method, path, body in writes:
        r = org.call(method, path, body, token=token)
        assert r.status_code == 403, (method, path, r.status_code, r.text)
    assert [e.id for e in org.events() if e.action != "governance.denied"] == before
