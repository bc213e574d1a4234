"""otp.client.report_measurable takes the measurable's id or its key, as the MCP tool does; an
unknown one is a 404 naming the field, and nothing is recorded."""
import pytest

from otp.client import NotFound, OTPClient
from tests.agentface.kit import world


def test_a_key_or_an_id_reports_the_same_measurable(org):
    w = world(org, level=3)
    m = w.measurable("cpa")
    otp = OTPClient("http://testserver", w.token, http=org.client)
    assert otp.report_measurable("cpa", 12)["measurable_id"] == m["id"]
    assert otp.report_measurable(m["id"], 13)["value"] == 13
    before = org.event_count()
    with pytest.raises(NotFound) as refused:
        otp.report_measurable("nope", 1)
    assert refused.value.field == "measurable_id" and org.event_count() == before
