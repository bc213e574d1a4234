"""Helpers for import tests: read a fixture, preview and confirm over REST, count what exists."""
from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from otp.org.models import Agent, Membership, Seat
from otp.scorecard.models import Entry, Measurable
from otp.work.models import Issue, Outcome, Todo

FIXTURES = Path(__file__).parent / "fixtures"


def fixture(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def preview(org, kind: str, text: str, fmt: str = "csv") -> dict:
    return org.ok("POST", "/api/v1/imports/preview", {"kind": kind, "format": fmt, "csv": text})


def confirm(org, kind: str, text: str, fmt: str = "csv"):
    return org.post("/api/v1/imports", {"kind": kind, "format": fmt, "csv": text})


def imported(org, kind: str, text: str, fmt: str = "csv") -> dict:
    response = confirm(org, kind, text, fmt)
    assert response.status_code == 201, response.text
    return response.json()


def counts(org) -> dict:
    """How many of each thing the organization holds, and its events: what 'nothing written' compares."""
    tables = {"seats": Seat, "members": Membership, "agents": Agent, "measurables": Measurable, "entries": Entry,
              "outcomes": Outcome, "issues": Issue, "todos": Todo}
    with org.db.read() as s:
        out = {name: s.execute(select(func.count()).select_from(model).where(model.org_id == org.org_id)).scalar_one()
               for name, model in tables.items()}
    out["events"] = org.event_count()
    return out


def errors_at(body: dict) -> list[tuple[int, str]]:
    return [(e["line"], e["column"]) for e in body["errors"]]


class Page:
    """The owner of `org` logged in to the web app in a client of their own."""

    def __init__(self, app, org):
        import re

        from fastapi.testclient import TestClient

        from tests.web.test_login_and_chart import login
        self.client = TestClient(app)  # not entered: the session's client already runs the app's lifespan
        with org.db.read() as s:
            from otp.org.models import Person
            email = s.get(Person, org.owner_id).email
        assert login(self.client, email, "pw-owner").status_code == 303
        self.csrf = re.search(r'name="csrf_token" value="([^"]+)"', self.client.get("/import").text).group(1)

    def preview(self, kind: str, name: str, fmt: str = "csv"):
        files = {"file": (name, fixture(name).encode(), "text/csv")}
        return self.client.post("/import/preview", data={"csrf_token": self.csrf, "kind": kind, "format": fmt},
                                files=files)

    def confirm(self, kind: str, name: str, fmt: str = "csv"):
        return self.client.post("/import", data={"csrf_token": self.csrf, "kind": kind, "format": fmt,
                                                 "csv_text": fixture(name), "filename": name},
                                follow_redirects=False)

    def close(self):
        self.client.close()
