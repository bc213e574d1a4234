"""Bad prep is a tool error naming the field (the schema's, or the service's for what only the
database knows), and changes nothing: no event, and the briefing still asks for the prep."""
from otp.core import clock
from tests.agentface.kit import MONDAY_9, call, world


def test_bad_prep_is_a_tool_error_naming_the_field_and_changes_nothing(org):
    clock.freeze(MONDAY_9)
    w = world(org, level=5)
    calls = w.measurable("calls")
    rock = w.outcome("Launch the newsletter", kind="rock")
    project = w.outcome("Tidy the wiki", kind="project")
    meeting_id = w.meeting()
    good = {"outcome_id": rock["id"], "status": "on_track"}
    before = org.event_count()
    # Refused by the input schema, before the tool runs: the text names the path to the field.
    by_schema = [({"rocks": [{"outcome_id": rock["id"], "status": "off_track"}]}, "rocks.0.off_track.reason"),
                 ({"rocks": [{"outcome_id": rock["id"], "status": "off_track", "reason": "Late\nvery"}]},
                  "rocks.0.off_track.reason"),
                 ({"rocks": [{"outcome_id": rock["id"], "status": "done"}]}, "rocks.0"),
                 ({"measurables": [{"measurable_id": calls["id"], "value": "twelve"}]}, "measurables.0.value"),
                 ({"headlines": [{"kind": "gossip", "text": "Hi"}]}, "headlines.0.kind"),
                 ({"issues": [{"title": " "}], "rocks": [good]}, "issues.0.title"),
                 ({"issues": [{"title": "Ok", "owner": "me"}]}, "issues.0.owner")]
    for args, path in by_schema:
        answer = call(org, w.token, "submit_meeting_prep", meeting_id=meeting_id, **args)
        assert answer["is_error"] and path in answer["text"], (args, answer)
    # Refused by the service: the structured error names the field.
    by_service = [({"rocks": [good, {"outcome_id": "out_missing", "status": "on_track"}]}, "rocks.1.outcome_id"),
                  ({"rocks": [{"outcome_id": project["id"], "status": "on_track"}]}, "rocks.0.outcome_id"),
                  ({"measurables": [{"measurable_id": "msr_missing", "value": 1}]}, "measurables.0.measurable_id"),
                  ({}, "measurables")]
    for args, field in by_service:
        answer = call(org, w.token, "submit_meeting_prep", meeting_id=meeting_id, **args)
        assert answer["is_error"] and answer["error"]["field"] == field and field in answer["text"], (args, answer)
    answer = call(org, w.token, "submit_meeting_prep", meeting_id="mtg_missing", rocks=[good])
    assert answer["is_error"] and answer["error"]["field"] == "meeting_id"
    assert org.event_count() == before
    assert org.ok("GET", f"/api/v1/meetings/{meeting_id}")["prepared"] == 0


def test_an_agent_without_a_seat_at_the_table_is_told_so(org):
    clock.freeze(MONDAY_9)
    w = world(org, level=5)
    meeting_id = w.meeting(attendees=[w.root, w.lead])
    before = org.event_count()
    answer = call(org, w.token, "submit_meeting_prep", meeting_id=meeting_id,
                  headlines=[{"kind": "other", "text": "Hello"}])
    assert answer["status"] == "denied" and answer["denied"]["field"] == "meeting_id"
    assert org.event_count() == before
