import pytest

from .kit import OOS, export, import_fixture

CLAIM = {"section": "failure_patterns", "rule": "R", "why": "W", "failure_mode": "F", "confidence": "HIGH",
         "evidence": "OBSERVED_ONCE", "scope": "S"}
CASES = [
    ("POST", f"{OOS}/draft/claims", {**CLAIM, "confidence": "SURE"}, None, 422, "confidence"),
    ("POST", f"{OOS}/draft/claims", {**CLAIM, "section": "misc"}, None, 422, "section"),
    ("PATCH", f"{OOS}/draft/claims/C999", {"rule": "New"}, None, 404, "claim_id"),
    ("PATCH", f"{OOS}/draft/claims/C001", {"evidence": "HUNCH"}, None, 422, "evidence"),
    ("POST", f"{OOS}/learnings", {"do_instead": "X", "why": "Y", "agent_id": "agt_nope"}, None, 404, "agent_id"),
    ("POST", f"{OOS}/learnings", {"do_instead": "  ", "why": "Y"}, None, 422, "do_instead"),
    ("POST", f"{OOS}/import", {"text": "x", "format": "docx"}, None, 422, "format"),
    ("POST", f"{OOS}/import", {"text": "---\nkey: [unclosed\n---\n"}, None, 422, "text"),
    ("PUT", f"{OOS}/draft", {"document": {"format": "other"}}, None, 422, "document.format"),
    ("GET", f"{OOS}/export", None, {"version": "v1"}, 422, "version"),
    ("GET", f"{OOS}/export", None, {"version": "7"}, 404, "version"),
    ("GET", f"{OOS}/diff", None, {"from": "first"}, 422, "from"),
    ("GET", "/api/v1/network/oos", None, {"size": "huge"}, 422, "size"),
    ("POST", f"{OOS}/redact", {"min_severity": "urgent"}, None, 422, "min_severity"),
]


@pytest.mark.parametrize("method,path,body,params,status,field", CASES)
def test_bad_input_answers_4xx_naming_the_field_and_changes_nothing(org, method, path, body, params, status, field):
    import_fixture(org)
    before, text = org.event_count(), export(org)
    response = org.call(method, path, json=body, params=params)
    assert response.status_code == status, response.text
    assert response.json()["error"]["field"] == field
    assert org.event_count() == before and export(org) == text


def test_publishing_without_a_draft_is_404_naming_the_draft(org):
    response = org.post(f"{OOS}/publish")
    assert response.status_code == 404 and response.json()["error"]["field"] == "draft"


def test_an_observer_cannot_edit_the_draft(org):
    import_fixture(org)
    observer = org.person("Otto Observer", role="observer")
    token = org.token_for(person=observer, scopes=["read", "write"])
    response = org.call("PATCH", f"{OOS}/draft/claims/C001", json={"rule": "Changed"}, token=token)
    assert response.status_code == 403 and "C001" in export(org) and "Changed" not in export(org)
