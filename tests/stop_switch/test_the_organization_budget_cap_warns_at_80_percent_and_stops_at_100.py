"""The organization's monthly cap on all agents' spend together: the same rule as an agent's own
budget — one warning to the owners and admins at 80%, every agent stopped at 100%, and a resume
acknowledges the overrun and moves the line to the next whole multiple of the cap."""
from sqlalchemy import select

from otp.inbox.models import InboxItem
from tests.agentface.kit import call
from tests.stop_switch.kit import create_todo, org_row, resume_all, set_cap, spend, stoppable


def _warnings(org) -> list[InboxItem]:
    with org.db.read() as s:
        return list(s.execute(select(InboxItem).where(InboxItem.org_id == org.org_id, InboxItem.kind == "warning",
                                                      InboxItem.link_type == "organization")).scalars())


def test_two_agents_spending_together_warn_once_at_80_percent_of_the_cap(org):
    w = stoppable(org)
    other = org.agent("Other", level=8)
    other_token = org.token_for(agent=other)
    assert set_cap(org, 1000).status_code == 200
    assert spend(w, 500)["organization"]["status"] == "ok"
    answer = org.ok("POST", "/api/v1/me/costs", {"cents": 300}, token=other_token, status=201)
    assert answer["status"] == "ok" and answer["organization"] == {
        "month": answer["month"], "spent_cents": 800, "cap_cents": 1000, "warning_percent": 80, "status": "warning"}
    spend(w, 10)
    assert len(org.events("organization.budget_warned")) == 1
    assert {i.recipient_id for i in _warnings(org)} == {org.owner_id, w.human["id"]}  # the owner and the admin
    assert org_row(org).agents_paused_at is None and create_todo(w).status_code == 201


def test_at_100_percent_of_the_cap_every_agent_is_stopped_until_a_person_resumes(org):
    w = stoppable(org)
    set_cap(org, 1000)
    assert spend(w, 1000)["organization"]["status"] == "breached"
    row = org_row(org)
    assert row.agents_paused_at is not None and row.agents_paused_by is None and "budget" in row.agents_paused_reason
    assert create_todo(w).status_code == 403
    assert call(org, w.token, "create_todo", title="x")["denied"]["rule"] == "stop_switch"
    spend(w, 50)  # still accepted while stopped: the cost was incurred; it trips nothing more
    assert len(org.events("organization.budget_breached")) == 1
    resumed = resume_all(org).json()
    ack = org.events("organization.agents_resumed")[-1].payload
    assert ack["budget_overrun_acknowledged"]["spent_cents"] == 1050 and ack["budget_pause_at_cents"] == 2000
    assert resumed["budget"]["status"] == "breached" and create_todo(w).status_code == 201
    spend(w, 949)
    assert org_row(org).agents_paused_at is None
    spend(w, 1)  # 2,000: the next multiple
    assert org_row(org).agents_paused_at is not None


def test_without_a_cap_spending_never_stops_the_organization(org):
    w = stoppable(org)
    assert spend(w, 10**6)["organization"] == {**spend(w, 0)["organization"], "status": "ok"}
    assert org_row(org).agents_paused_at is None and not org.events("organization.budget_warned")
