"""Brightline lets OTP run two of its agents:

- Tally (bookkeeping) is run by OTP with the `command` adapter: the example agent that ships with
  OTP (otp.runs.example_agent) reads its briefing, reports the uncategorized transactions left
  and completes its due to-dos. It has no schedule yet: it runs when someone presses "Run now"
  on its page, or when something reaches it (a to-do for its seat, an inbox item, a mention).
- Atlas (account coordination) starts itself, as most hosted agents do (the `external` adapter):
  OTP does not start it, but each stretch of its heartbeats is recorded as a run.
"""
from __future__ import annotations

import sys

from otp.runs.runtime import configure

TALLY = [sys.executable, "-m", "otp.runs.example_agent", "--value", "4", "--cost-cents", "2"]


def extend(session, actor, org, person_ids, agent_ids, seat_ids) -> None:
    configure(session, actor, agent_id=agent_ids["tally"], adapter="command", command=TALLY,
              time_limit_seconds=120, cost_limit_cents=50)
    configure(session, actor, agent_id=agent_ids["atlas"], adapter="external", time_limit_seconds=1800)
