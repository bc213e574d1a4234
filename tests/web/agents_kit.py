"""Helpers for the agent page tests: look an agent or seat up, make a vacant seat, read rows."""
from __future__ import annotations

from sqlalchemy import select

from otp.auth.models import ApiToken
from otp.org import chart
from otp.org.models import Agent, Organization, Seat
from tests.web.kit import WebKit


def agent_named(k: WebKit, name: str) -> Agent | None:
    with k.db.read() as s:
        return s.execute(select(Agent).where(Agent.org_id == k.org_id, Agent.name == name)).scalar_one_or_none()


def vacant_seat(k: WebKit, title: str = "Research Assistant") -> str:
    parent = k.seat("Head of Delivery")
    return k.do(lambda s, a: chart.create_seat(s, a, title=title, parent_id=parent,
                                               responsibilities=["Find", "Summarize", "Cite"]).id)


def seat_row(k: WebKit, seat_id: str) -> Seat:
    with k.db.read() as s:
        return s.get(Seat, seat_id)


def tokens_of(k: WebKit, agent_id: str) -> list[ApiToken]:
    with k.db.read() as s:
        return list(s.execute(select(ApiToken).where(ApiToken.agent_id == agent_id)).scalars())


def org_row(k: WebKit) -> Organization:
    with k.db.read() as s:
        return s.get(Organization, k.org_id)
