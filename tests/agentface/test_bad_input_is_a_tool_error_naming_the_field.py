from tests.agentface.kit import call, world


def test_bad_input_is_a_tool_error_naming_the_field_and_changes_nothing(org):
    w = world(org, level=8)
    w.measurable("calls")
    before = org.event_count()
    cases = [("report_measurable", {"measurable": "nope", "value": 1}, "measurable"),
             ("check_permission", {"action": "no.such"}, "action"),
             ("complete_todo", {"todo_id": "todo_missing"}, "todo_id"),
             ("raise_issue", {"title": "  "}, "title"),
             ("request_approval", {"action": "external.spend", "question": "Buy"}, "amount_cents"),
             ("request_approval", {"action": "no.such", "question": "May I?"}, "action"),
             ("submit_evidence", {"outcome_id": "out_x", "kind": "link", "summary": "s"}, "outcome_id")]
    for tool, args, field in cases:
        answer = call(org, w.token, tool, **args)
        assert answer["is_error"] and answer["error"]["field"] == field, (tool, answer)
        assert field in answer["text"]
    assert org.event_count() == before


def test_arguments_of_the_wrong_type_are_refused_by_the_schema_naming_the_field(org):
    w = world(org, level=8)
    answer = call(org, w.token, "report_measurable", measurable="calls", value="twelve")
    assert answer["is_error"] and "value" in answer["text"]
    answer = call(org, w.token, "update_outcome", outcome_id="x", status="finished")
    assert answer["is_error"] and "status" in answer["text"]


def test_an_unknown_action_gets_the_same_answer_from_the_dry_run_and_the_request(org):
    w = world(org, level=3)
    checked = call(org, w.token, "check_permission", action="no.such")
    requested = call(org, w.token, "request_approval", action="no.such", question="May I?")
    assert checked["error"] == requested["error"] and checked["error"]["field"] == "action", (checked, requested)
    rest = org.post("/api/v1/governance/check", {"action": "no.such"})
    assert rest.status_code == 404 and rest.json()["error"]["code"] == checked["error"]["code"]
