"""The domains that make up OTP, in dependency order. Each may provide, by convention:

  otp.<domain>.models   SQLAlchemy models (imported so the metadata knows every table)
  otp.<domain>.api      `router` (FastAPI APIRouter) — or several routers named router*
  otp.<domain>.cli      `register(app: typer.Typer)`
  otp.<domain>.demo     `extend(session, actor, org, person_ids, agent_ids, seat_ids)`
  otp.<domain>.jobs     periodic worker tasks, registered with otp.core.jobs on import (otp.worker.tasks)
  otp.<domain>.web      `router*` of web pages (HTML, not in the OpenAPI document)
  otp.<domain>.lifespan `lifespan(app)`: an async context manager run for each app instance
  otp.<domain>.mcp_tools `register(server, env)`: more MCP tools (domains above agentface)

Discovery by convention keeps shared files out of each domain's way: adding a domain is one
line here.
"""
from __future__ import annotations

import importlib
import importlib.util
from types import ModuleType

DOMAINS = [
    "org", "auth", "events",  # foundation
    "work",  # outcomes, issues, to-dos, headlines
    "scorecard",  # measurables, entries, drift
    "inbox",  # per-actor inbox items with read state
    "governance",  # decisions, approvals, escalations, autonomy ledger, guards
    "worker",  # the worker loop (otp worker, in-process tick)
    "sops",  # SOPs and their inheritance
    "outbox",  # event stream and webhooks
    "mail",  # mail outbox: queued in the cause's transaction, sent by the worker over SMTP
    "people",  # invitations, password resets, roles, deactivation, signing in
    "oauth",  # OAuth 2.1 for MCP hosts: registration, consent, codes, refresh; issues agent tokens
    "agentface",  # compiled context, briefing, heartbeat, inbox, MCP
    "meetings",  # the weekly meeting
    "oos",  # the organization's operating system document
    "home",  # what needs a person: the home page's query and the daily digest mail
    "imports",  # CSV imports (OTP, Ninety, Bloom Growth): chart, scorecard, rocks, issues, to-dos
    "runs",  # OTP wakes and runs agents: adapters, schedules, event wakes, run records, limits
    "search",  # one search box: an index of the domains above, kept current by a flush hook
]


def submodules(name: str) -> list[ModuleType]:
    """Import otp.<domain>.<name> for every domain that has it."""
    found = []
    for domain in DOMAINS:
        full = f"otp.{domain}.{name}"
        if importlib.util.find_spec(f"otp.{domain}") is None or importlib.util.find_spec(full) is None:
            continue
        found.append(importlib.import_module(full))
    return found
