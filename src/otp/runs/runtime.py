"""Configuring how and when OTP runs an agent (admin-only: `runtime.configure`, which agents may
never perform). Every value is checked here, at configuration, with the field named: a run must
never be the first to find out that its program is missing or its target is private."""
from __future__ import annotations

import os
import re
from datetime import timedelta

from sqlalchemy.orm import Session

from otp.auth.actor import Actor
from otp.governance.authz import require
from otp.core import clock, validate
from otp.core.errors import Invalid, NotFound
from otp.events.service import record
from otp.org.models import Agent
from otp.outbox import signing, targets
from otp.runs.models import ADAPTERS, AgentRuntime
from otp.runs.placeholders import check_command

ENV_NAME = re.compile(r"^[A-Z_][A-Z0-9_]{0,63}$")
MAX_TIME_LIMIT = 24 * 3600


def _agent(session: Session, actor: Actor, agent_id) -> Agent:
    agent = session.get(Agent, agent_id) if isinstance(agent_id, str) else None
    if agent is None or agent.org_id != actor.org_id:
        raise NotFound("no such agent in this organization", field="agent_id")
    return agent


def _env(env) -> dict[str, str]:
    if env is None:
        return {}
    if not isinstance(env, dict) or len(env) > 32:
        raise Invalid("env must be an object of at most 32 NAME: value pairs", field="env")
    for name, value in env.items():
        if not isinstance(name, str) or not ENV_NAME.match(name) or name.startswith("OTP_"):
            raise Invalid(f"env name {name!r} must be UPPER_CASE and not start with OTP_ (OTP sets those)",
                          field="env")
        if not isinstance(value, str) or "\x00" in value or len(value) > 4000:
            raise Invalid(f"env {name} must be a string of at most 4000 characters", field="env")
    return dict(env)


def _hours(value) -> list[int] | None:
    if value is None:
        return None
    if not (isinstance(value, list) and len(value) == 2 and all(isinstance(v, int) and not isinstance(v, bool)
                                                                 for v in value)
            and 0 <= value[0] < value[1] <= 24):
        raise Invalid("active_hours must be [start_hour, end_hour] with 0 <= start < end <= 24 "
                      "(the organization's time zone)", field="active_hours")
    return list(value)


def _days(value) -> list[int] | None:
    if value is None:
        return None
    if not (isinstance(value, list) and value and all(isinstance(v, int) and not isinstance(v, bool) and 0 <= v <= 6
                                                      for v in value) and len(set(value)) == len(value)):
        raise Invalid("active_days must be a non-empty list of distinct days 0 (Monday) to 6 (Sunday)",
                      field="active_days")
    return sorted(value)


def configure(session: Session, actor: Actor, *, agent_id: str, adapter: str, command: list[str] | None = None,
              workdir: str | None = None, env: dict | None = None, url: str | None = None,
              time_limit_seconds: int = 900, cost_limit_cents: int | None = None, max_concurrent: int = 1,
              every_minutes: int | None = None, active_hours: list[int] | None = None,
              active_days: list[int] | None = None) -> tuple[AgentRuntime, str | None]:
    """Set (or replace) the agent's runtime. Returns (row, the http signing secret when a new one
    was made — shown once, like a token)."""
    adapter = validate.choice("adapter", adapter, ADAPTERS)
    config: dict = {}
    if adapter == "command":
        if command is None:
            raise Invalid("a command adapter needs a command (an argument list)", field="command")
        config["command"] = check_command(command)
        if workdir is not None:
            workdir = validate.text("workdir", workdir, max_len=1000)
            if not os.path.isabs(workdir):
                raise Invalid("workdir must be an absolute path", field="workdir")
            config["workdir"] = os.path.normpath(workdir)
        config["env"] = _env(env)
    elif command is not None or workdir is not None or env:
        raise Invalid(f"command, workdir and env belong to the command adapter, not {adapter}", field="command")
    if adapter == "http":
        if url is None:
            raise Invalid("an http adapter needs the agent's url", field="url")
        url = validate.text("url", url, max_len=2000)
        targets.check_registration(url, field_name="url")
        config["url"] = url
    elif url is not None:
        raise Invalid(f"url belongs to the http adapter, not {adapter}", field="url")
    time_limit_seconds = validate.integer("time_limit_seconds", time_limit_seconds, low=1, high=MAX_TIME_LIMIT)
    if cost_limit_cents is not None:
        cost_limit_cents = validate.integer("cost_limit_cents", cost_limit_cents, low=0, high=10**9)
    max_concurrent = validate.integer("max_concurrent", max_concurrent, low=1, high=16)
    if every_minutes is not None:
        every_minutes = validate.integer("every_minutes", every_minutes, low=1, high=7 * 24 * 60)
    active_hours, active_days = _hours(active_hours), _days(active_days)
    agent = _agent(session, actor, agent_id)
    shown = {"adapter": adapter, **{k: v for k, v in config.items() if k != "secret"},
             "time_limit_seconds": time_limit_seconds, "cost_limit_cents": cost_limit_cents,
             "max_concurrent": max_concurrent, "every_minutes": every_minutes, "active_hours": active_hours,
             "active_days": active_days}
    require(session, actor, "runtime.configure", {"type": "agent", "id": agent.id, "target_agent_id": agent.id},
            payload={"agent_id": agent.id, "command": command, "workdir": workdir, "env": env, "url": url,
                     **{k: v for k, v in shown.items() if k not in config}})
    row = session.get(AgentRuntime, agent.id)
    new_secret = None
    if adapter == "http":
        if row is not None and row.adapter == "http" and (row.config or {}).get("secret"):
            config["secret"] = row.config["secret"]
        else:
            config["secret"] = new_secret = signing.new_secret()
    now = clock.now()
    if row is None:
        row = AgentRuntime(agent_id=agent.id, org_id=agent.org_id, created_at=now)
        session.add(row)
    row.adapter, row.config = adapter, config
    row.time_limit_seconds, row.cost_limit_cents, row.max_concurrent = time_limit_seconds, cost_limit_cents, \
        max_concurrent
    row.every_minutes, row.active_hours, row.active_days = every_minutes, active_hours, active_days
    row.next_scheduled_at = now if every_minutes else None  # a new schedule starts at once
    row.updated_at = now
    session.flush()
    record(session, actor, "agent.runtime_configured", "agent", agent.id, shown)
    return row, new_secret


def runtime_of(session: Session, actor: Actor, agent_id: str) -> AgentRuntime | None:
    require(session, actor, "read")
    _agent(session, actor, agent_id)
    return session.get(AgentRuntime, agent_id)


def runtime_dict(row: AgentRuntime | None) -> dict | None:
    if row is None:
        return None
    config = {k: v for k, v in (row.config or {}).items() if k != "secret"}
    return {"agent_id": row.agent_id, "adapter": row.adapter, **config,
            "time_limit_seconds": row.time_limit_seconds, "cost_limit_cents": row.cost_limit_cents,
            "max_concurrent": row.max_concurrent, "every_minutes": row.every_minutes,
            "active_hours": row.active_hours, "active_days": row.active_days,
            "next_scheduled_at": row.next_scheduled_at, "updated_at": row.updated_at}


def next_time(row: AgentRuntime, after) -> object:
    return after + timedelta(minutes=row.every_minutes) if row.every_minutes else None
