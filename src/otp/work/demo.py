"""Brightline's quarter: rocks in mixed states, the issues list, to-dos and headlines.

People and agents act as themselves where their authority allows it; if governance would hold
or refuse an agent's step, the owner does it instead, so the demo always seeds completely."""
from __future__ import annotations

from datetime import timedelta

from otp.auth.tokens import agent_actor, person_actor
from otp.core import clock
from otp.core.errors import ApprovalRequired, Forbidden
from otp.work import evidence, headlines, issue_flow, issues, milestones, outcome_status, outcomes, stale, todos


def extend(session, actor, org, person_ids, agent_ids, seat_ids) -> None:
    people = {k: person_actor(session, v, org.id) for k, v in person_ids.items()}
    bots = {k: agent_actor(session, v) for k, v in agent_ids.items()}

    def by(who: str, fn, **kw):
        acting = people.get(who) or bots.get(who) or actor
        try:
            with session.begin_nested():
                return fn(session, acting, **kw)
        except (ApprovalRequired, Forbidden):
            return fn(session, actor, **kw)

    seat = seat_ids.__getitem__
    now = clock.now()

    def rock(title, owner, dod, **kw):
        return outcomes.create_outcome(session, actor, title=title, owner_seat_id=seat(owner),
                                       definition_of_done=dod, **kw)

    # 1. Done, with evidence, accepted by the reviewer (Sam, above Relay).
    launch = rock("Launch the content subscription offer", "content_lead",
                  "Three paying subscribers and the offer page live",
                  guardrails=["No client names in public posts without written consent"],
                  context_links=[{"title": "Offer brief", "url": "https://docs.brightline.example/offer"}])
    by("relay", evidence.submit_evidence, outcome_id=launch.id, kind="link", summary="Offer page",
       url="https://brightline.example/subscribe")
    by("relay", evidence.submit_evidence, outcome_id=launch.id, kind="measurable_value",
       summary="Paying subscribers", value=4)
    by("relay", outcome_status.set_status, outcome_id=launch.id, status="done", note="Four subscribers")
    evidence.review_outcome(session, people["sam"], outcome_id=launch.id, accept=True, reason="Checked Stripe")

    # 2. Off track: raises its drift issue by itself.
    reports = rock("Client reports out within 1 business day", "reporting",
                   "Every weekly report sent by Tuesday noon for 6 straight weeks", reviewer_seat_id=seat("client"))
    by("herald", outcome_status.set_status, outcome_id=reports.id, status="on_track")
    by("herald", outcome_status.set_status, outcome_id=reports.id, status="off_track",
       note="Two reports late: the ad-platform export broke")

    # 3. Awaiting review.
    renew = rock("Renew the top 5 accounts", "client", "Five signed renewals on file", reviewer_seat_id=seat("coo"))
    by("priya", evidence.submit_evidence, outcome_id=renew.id, kind="artifact", summary="contracts/renewals-q.pdf")
    by("priya", outcome_status.set_status, outcome_id=renew.id, status="done", note="All five signed")

    # 4-6. In flight.
    retainers = rock("Sign 4 new retainer clients", "ceo", "Four signed retainers of $5k+/month",
                     reviewer_seat_id=seat("coo"))
    for title, days, done in (("Pipeline review with Daniel", -20, True), ("Two proposals out", 10, False)):
        milestones.save_milestone(session, actor, outcome_id=retainers.id, title=title,
                                  due=(now + timedelta(days=days)).date().isoformat(), done=done)
    outcome_status.set_status(session, actor, outcome_id=retainers.id, status="on_track", note="2 of 4 signed")
    cpa = rock("Bring paid-media cost per lead under $45", "paid", "CPA under $45 for 4 straight weeks",
               target=45)
    by("bidwell", outcome_status.set_status, outcome_id=cpa.id, status="on_track")
    rock("Month-end close in 3 business days", "finance", "Close pack delivered by day 3 for 2 months running")
    rock("Every deliverable passes QA before it ships", "qa", "Zero defects found by clients this quarter",
         kind="standing", parent_id=None)

    # Issues: one being worked, one solved into to-dos, one raised by an agent.
    onboarding, _ = issues.raise_issue(session, people["priya"], title="Onboarding checklist is out of date",
                                       owner_seat_id=seat("client"))
    issue_flow.transition_issue(session, actor, onboarding.id, "identified")
    capacity, _ = issues.raise_issue(session, people["sam"], title="Writer capacity for the quarter-end push",
                                     owner_seat_id=seat("delivery"), priority=1)
    issue_flow.transition_issue(session, actor, capacity.id, "identified")
    issue_flow.transition_issue(session, actor, capacity.id, "discussed")
    issue_flow.solve_issue(session, actor, issue_id=capacity.id, solution="Quill takes the long-form drafts; "
                           "Sam books a freelancer for two weeks",
                           todos=[{"title": "Book the freelancer", "owner_seat_id": seat("delivery")},
                                  {"title": "Move long-form drafts to Quill", "owner_seat_id": seat("content_lead")}])
    by("tally", issues.raise_issue, title="Invoice reminders bounce for two clients", source="agent",
       owner_seat_id=seat("finance"), details="Harbor Dental and Kettle & Co: mailbox full")

    # To-dos: done and verified, open, and one forgotten long enough to raise an issue.
    recap = by("atlas", todos.create_todo, title="Send Acme the QBR recap", owner_seat_id=seat("coordinator"))
    by("atlas", todos.complete_todo, todo_id=recap.id)
    todos.complete_todo(session, people["priya"], todo_id=recap.id, verify=True)
    todos.create_todo(session, actor, title="Update the proposal template", owner_seat_id=seat("sales"))
    by("scout", todos.create_todo, title="Rank report for Harbor Dental", owner_seat_id=seat("seo"))
    todos.create_todo(session, actor, title="Renew the analytics licence", owner_seat_id=seat("finance"),
                      due_at=now - timedelta(days=20))
    stale.check_stale_todos(session, org.id, now)

    # Headlines from people and agents.
    by("maya", headlines.post_headline, kind="customer", text="Harbor Dental renewed for 12 months")
    by("priya", headlines.post_headline, kind="employee", text="Jordan finished the EOS implementer course")
    by("atlas", headlines.post_headline, kind="customer", text="Acme's CMO praised the new weekly status note")
