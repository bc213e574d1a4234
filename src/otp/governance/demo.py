"""Brightline's governance: boundaries, a pending approval, an open escalation, ledger history.

- Hard-deny rules: agents never deploy; nobody deletes client data; no agent spend over $5,000.
- Spend limit $500 per action; agents may post to the client email list, the ops Slack channel
  and Brightline's LinkedIn page without asking.
- Bidwell (paid media, level 6) wants $1,200 for a LinkedIn campaign: over its limit, so the
  request waits for Sam (Head of Delivery).
- Atlas (account coordinator) escalated an at-risk client to Priya.
- Ledger history: how Quill and Relay earned their levels (rows dated before the platform's
  event log starts, so they carry no events), and Sentry's onboarding.
- Spend: thirty days of cost reports per agent at its own pace against its budget (history
  rows like the ledger's, dated before the event log starts), heartbeats from the agents that
  run on a schedule (Sentry, the newcomer, has not called in yet), and a $5,000 monthly cap for
  all agents together.
"""
from __future__ import annotations

from datetime import timedelta

from otp.auth.tokens import agent_actor
from otp.core import clock
from otp.core.ids import new_id
from otp.governance import policy_edit
from otp.governance.approvals import open_request
from otp.governance.escalations import raise_escalation
from otp.governance.models import AgentGuard, CostEvent, LedgerEntry
from otp.org.models import Agent

HARD_DENY = [
    {"id": "agents-never-deploy", "actions": ["deploy"], "applies_to": "agents",
     "reason": "Agents never deploy to client sites; Delivery ships."},
    {"id": "keep-client-data", "actions": ["data.delete"], "applies_to": "everyone",
     "reason": "Client data is archived, never deleted (contracts require 7 years)."},
    {"id": "no-big-agent-spend", "actions": ["external.spend"], "applies_to": "agents",
     "when": [{"field": "amount_cents", "op": ">", "value": 500_000}],
     "reason": "No agent spends more than $5,000 in one go, approval or not."},
]

HISTORY = [
    # agent key, from, to, days ago, signer key, why
    ("quill", 3, 4, 75, "sam", "Drafts needed no structural edits for six weeks."),
    ("quill", 4, 5, 30, "daniel", "Owns the 'words published' measurable; on target 11 of 12 weeks."),
    ("relay", 6, 7, 120, "daniel", "Ran the content calendar end to end for a quarter."),
    ("relay", 7, 8, 45, "maya", "Leads Quill and Scout; their acceptance rate rose to 96%."),
    ("sentry", None, 1, 10, "sam", "Onboarded as a shadow reviewer."),
]
# agent key: (share of its monthly budget used over a month, minutes since its last heartbeat or None)
PACE = {"relay": (0.7, 4), "quill": (0.55, 9), "scout": (0.4, 31), "atlas": (0.35, 12), "bidwell": (0.75, 2),
        "herald": (0.3, 95), "tally": (0.2, 240), "sentry": (0.1, None)}
ORG_CAP_CENTS = 500_000


def extend(session, actor, org, person_ids, agent_ids, seat_ids) -> None:
    policy_edit.update_policy(session, actor, hard_deny=HARD_DENY,
                              spend_limits={"per_action": {"external.spend": 50_000}},
                              channel_allowlist=["email:clients", "slack:#brightline-ops", "linkedin:brightline"])
    now = clock.now()
    for key, frm, to, days, signer, why in HISTORY:
        session.add(LedgerEntry(id=new_id("led"), org_id=org.id, agent_id=agent_ids[key], from_level=frm,
                                to_level=to, why=why, evidence={"source": "demo history"}, signed_by_kind="person",
                                signed_by_id=person_ids[signer], created_at=now - timedelta(days=days)))
    _spend_history(session, org, agent_ids, now)
    bidwell = agent_actor(session, agent_ids["bidwell"])
    payload = {"amount_cents": 120_000, "channel": "linkedin:brightline", "environment": None,
               "description": "LinkedIn lead-gen campaign for Northwind's Q3 launch (2 weeks)"}
    open_request(session, bidwell, "external.spend", payload,
                 {"type": "external", "amount_cents": 120_000, "channel": "linkedin:brightline"},
                 rule="spend_limit:external.spend", reason="$1,200 is over Bidwell's $500 per-action limit.",
                 question="May Bidwell spend $1,200 on a two-week LinkedIn campaign for Northwind's Q3 launch?")
    atlas = agent_actor(session, agent_ids["atlas"])
    raise_escalation(session, atlas, reason="Northwind's CMO asked to pause the retainer after the June report.",
                     urgency="high", needed="A call with their CMO this week, and a decision on a discount.")


def _spend_history(session, org, agent_ids, now) -> None:
    """Cost reports for the last 30 days (uneven days, quieter weekends) and heartbeats."""
    org.settings = {**(org.settings or {}), "org_monthly_budget_cents": ORG_CAP_CENTS}
    for key, (share, minutes) in PACE.items():
        agent = session.get(Agent, agent_ids[key])
        daily = (agent.monthly_budget_cents or 0) * share / 30
        for days_ago in range(30, 0, -1):
            at = now - timedelta(days=days_ago - 1, hours=2 + (days_ago * 7) % 9)
            if at >= now - timedelta(hours=1):
                continue
            weekend = at.weekday() >= 5
            cents = int(daily * (0.35 if weekend else 0.8 + ((days_ago * 37 + len(key)) % 9) / 10))
            if cents:
                session.add(CostEvent(id=new_id("cst"), org_id=org.id, agent_id=agent.id, cents=cents,
                                      tokens=cents * 450, model=agent.model or "", note="demo history", occurred_at=at))
        session.add(AgentGuard(agent_id=agent.id, org_id=org.id, last_event_id=0, idle_heartbeats=0,
                               evidence_rejections_seen=0,
                               last_heartbeat_at=now - timedelta(minutes=minutes) if minutes is not None else None))
