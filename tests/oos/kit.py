"""Helpers for the database-backed OOS tests in this folder: short verbs over the REST face."""
from __future__ import annotations

from dataclasses import dataclass

from .helpers import fixture_text

OOS = "/api/v1/oos"


def import_fixture(org, publish: bool = False) -> dict:
    return org.ok("POST", f"{OOS}/import", {"text": fixture_text(), "publish": publish}, status=201)


def export(org, version: str = "draft") -> str:
    response = org.get(f"{OOS}/export", params={"version": version})
    assert response.status_code == 200, response.text
    return response.text


@dataclass
class Crew:
    """The owner on the root seat and one agent on a seat below it, with the agent's token."""

    root: dict
    agent: dict
    seat: dict
    token: str


def crew(org, level: int) -> Crew:
    root = org.root()
    agent = org.agent("Scribe", level=level)
    seat = org.seat("Scribe seat", parent=root["id"], holder=agent)
    return Crew(root, agent, seat, org.token_for(agent=agent))
