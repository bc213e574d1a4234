"""A scheduled run is skipped, with why, when nothing the agent owns or receives has changed."""
from tests.runs.kit import QUICK, crew, later


def test_nothing_changed_skips_and_a_number_reported_on_its_measurable_runs(org):
    c = crew(org)
    measurable = c.measurable("calls")
    c.script(QUICK, every_minutes=5)
    c.step()
    c.finished()
    later(6)
    c.step()
    skipped = c.finished()[-1]
    assert skipped.state == "skipped" and skipped.detail.startswith("nothing it owns or receives has changed")
    org.ok("POST", f"/api/v1/measurables/{measurable['id']}/entries", {"value": 3}, status=201)
    later(6)
    c.step()
    assert [(r.reason, r.state) for r in c.finished()] == [("schedule", "succeeded"), ("schedule", "skipped"),
                                                          ("schedule", "succeeded")]
