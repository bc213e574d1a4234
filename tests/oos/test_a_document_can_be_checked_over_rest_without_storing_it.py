"""POST /oos/check: the REST twin of `otp oos validate|score|scan FILE` — nothing is stored."""
from otp.oos.jsonform import to_json

from .helpers import fixture_doc, fixture_text
from .kit import OOS


def test_the_fixture_is_validated_scored_assessed_and_scanned_like_the_cli_does(org):
    before = org.event_count()
    result = org.ok("POST", f"{OOS}/check", {"text": fixture_text()})
    assert result["validation"]["errors"] == 8 and result["validation"]["warnings"] == 9
    assert {"line": 16, "severity": "error", "code": "count.confidence_distribution",
            "message": "confidence_distribution.high declares 10, the claims have 17"} in result["validation"]["findings"]
    assert (result["quality"]["tier"], result["maturity"]["level"]) == ("Gold", 4)
    assert {f["kind"] for f in result["privacy"]["findings"]} == {"money"} and not result["privacy"]["critical"]
    assert org.event_count() == before and org.get(f"{OOS}/draft").status_code == 404


def test_the_json_form_is_accepted_and_the_scan_protects_the_organizations_people(org):
    doc = fixture_doc()
    doc.claim("C001").rule = "Olive Owner signs off every seat change."
    result = org.ok("POST", f"{OOS}/check", {"text": to_json(doc)})
    assert result["quality"]["claims"] == 24
    assert [f["kind"] for f in result["privacy"]["findings"] if f["kind"] == "person_name"] == ["person_name"]


def test_an_unreadable_document_is_a_422_naming_the_text(org):
    response = org.post(f"{OOS}/check", json={"text": "---\nkey: [unclosed\n---\n"})
    assert response.status_code == 422 and response.json()["error"]["field"] == "text"
