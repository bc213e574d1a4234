"""A member whose role may not change the chart is refused on the first line that would: the
preview and the import say so by line, nothing is written, and no approval request is left."""
from __future__ import annotations

from sqlalchemy import func, select

from otp.governance.models import ApprovalRequest
from tests.imports.kit import counts, fixture


def test_a_member_cannot_import_a_chart_and_nothing_is_written(org):
    member = org.person("Mo Member", role="member")
    token = org.token_for(person=member, scopes=["read", "write"])
    before = counts(org)
    body = {"kind": "chart", "format": "csv", "csv": fixture("chart_30_seats.csv")}
    preview = org.post("/api/v1/imports/preview", body, token=token).json()
    assert not preview["ok"] and preview["errors"][0]["line"] == 2
    assert preview["errors"][0]["message"].startswith("not allowed:")
    response = org.post("/api/v1/imports", body, token=token)
    assert response.status_code == 422 and response.json()["error"]["errors"][0]["line"] == 2
    assert counts(org) == before
    with org.db.read() as s:
        assert s.execute(select(func.count()).select_from(ApprovalRequest)
                         .where(ApprovalRequest.org_id == org.org_id)).scalar_one() == 0
