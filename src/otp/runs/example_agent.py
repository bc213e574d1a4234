"""A plain Python agent for OTP's `command` adapter: OTP starts it, it does one run, it exits.

What OTP hands the process (nothing else is in its environment but PATH, LANG and HOME):

    OTP_TOKEN          a token minted for this run only, revoked when the run ends
    OTP_URL            OTP's base URL             OTP_MCP_URL   OTP's MCP endpoint
    OTP_RUN_ID         this run's id              OTP_AGENT_ID  the agent's id
    OTP_BRIEFING_FILE  the briefing (JSON) for this run, the same as GET /api/v1/me/briefing

This one reads its briefing, reports a number for each measurable it owes, completes its due
to-dos, reports what the run cost, and prints a one-line JSON summary (kept in the run's output).

Configure it (as an admin):

    curl -X PUT $OTP_URL/api/v1/agents/$AGENT/runtime -H "Authorization: Bearer $ADMIN_TOKEN" \\
      -d '{"adapter": "command", "command": ["/usr/bin/python3", "-m", "otp.runs.example_agent"], "every_minutes": 60}'

Arguments: --value N (the number to report, default 42), --cost-cents N (default 3).
"""
from __future__ import annotations

import argparse
import json
import os
import sys

from otp.client import ApprovalPending, OTPClient


def main(argv: list[str] | None = None) -> int:
    args = argparse.ArgumentParser()
    args.add_argument("--value", type=float, default=42)
    args.add_argument("--cost-cents", type=int, default=3)
    opts = args.parse_args(argv)
    with open(os.environ["OTP_BRIEFING_FILE"]) as f:
        brief = json.load(f)
    run_id = os.environ["OTP_RUN_ID"]
    # What governance held for a person's approval is "asked", not done: nothing changed yet.
    done = {"reported": [], "completed": [], "asked": []}
    with OTPClient(os.environ["OTP_URL"], os.environ["OTP_TOKEN"]) as otp:
        for measurable in brief["measurables_to_report"]:
            answer = otp.report_measurable(measurable["id"], opts.value, note="reported by run " + run_id)
            done["asked" if isinstance(answer, ApprovalPending) else "reported"].append(measurable["key"])
        for todo in brief["due_todos"]:
            answer = otp.complete_todo(todo["id"])
            done["asked" if isinstance(answer, ApprovalPending) else "completed"].append(todo["title"])
        if opts.cost_cents:
            otp.report_run_cost(run_id, opts.cost_cents, tokens=100, model="example")
    print(json.dumps({"run_id": run_id, **done}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
