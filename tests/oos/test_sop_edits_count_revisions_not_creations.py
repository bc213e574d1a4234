"""The live "SOP edits" signal (L4 Compounding Engineering) counts revisions of existing SOPs:
writing a procedure down is not yet improving it."""
from .kit import OOS, crew, import_fixture


def _edits(org) -> int:
    return org.ok("GET", f"{OOS}/maturity")["observed"]["sop_edits"]


def test_creating_an_sop_is_not_an_edit_and_each_revision_is(org):
    c = crew(org, level=5)
    import_fixture(org)
    sop = org.ok("POST", f"/api/v1/seats/{c.seat['id']}/sops",
                 {"key": "weekly-report", "title": "Weekly report", "steps": ["Pull the numbers"]}, status=201)
    assert _edits(org) == 0
    org.ok("PATCH", f"/api/v1/sops/{sop['id']}", {"steps": ["Pull the numbers", "Check them twice"]})
    org.ok("PATCH", f"/api/v1/sops/{sop['id']}", {"title": "Weekly numbers report"})
    assert _edits(org) == 2
    assert "SOP revisions on the platform (edits after creation): 2" in org.ok("GET", f"{OOS}/maturity")["levels"][3]["evidence"]
