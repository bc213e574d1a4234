"""Helpers for the stored-OOS tests: short verbs over the REST face, so each test is a few lines."""
from __future__ import annotations

import json
import uuid

from otp.oos.document import parse
from otp.oos.model import OOSDocument
from tests.oos.helpers import FIXTURE, fixture_text, valid_doc  # noqa: F401 - re-exported for tests

OOS = "/api/v1/oos"
SECRET = "api_key = sk-ant-" + "A1b2C3d4E5f6G7h8I9j0K1l2M3n4"


def import_text(org, text: str, *, publish: bool = False, fmt: str = "md", token: str | None = None) -> dict:
    """fmt md/instructions send `text`; json sends the parsed JSON form as `document`."""
    body = {"document": json.loads(text)} if fmt == "json" else {"text": text, "format": fmt}
    return org.ok("POST", f"{OOS}/import", {**body, "publish": publish}, status=201, token=token)


def import_fixture(org, publish: bool = False) -> dict:
    return import_text(org, fixture_text(), publish=publish)


def export(org, version: str = "draft", fmt: str = "md") -> str:
    response = org.get(f"{OOS}/export", params={"version": version, "format": fmt})
    assert response.status_code == 200, response.text
    return response.text


def draft_doc(org) -> OOSDocument:
    return parse(org.ok("GET", f"{OOS}/draft")["text"])


def publish(org, status: int = 201):
    response = org.post(f"{OOS}/publish")
    assert response.status_code == status, response.text
    return response.json()


def learn(org, token: str | None = None, status: int = 201, **fields) -> dict:
    body = {"what_failed": "The nightly report ran twice", "do_instead": "Take the run lock before starting",
            "why": "Two runs double-post the numbers", **fields}
    response = org.post(f"{OOS}/learnings", json=body, token=token)
    assert response.status_code == status, response.text
    return response.json()


def set_settings(org, **settings) -> dict:
    return org.ok("PATCH", f"/api/v1/organizations/{org.org_id}", {"settings": settings})


def tagged_doc(tag: str, rule: str = "Agents write to their own state file.") -> str:
    """A valid published-ready document whose industry is a unique tag (scopes network facets to one test)."""
    from otp.oos.document import render
    from tests.oos.helpers import claim

    doc = valid_doc([claim(1, rule=rule), claim(2, section="failure_patterns", confidence="LOW"),
                     claim(3, evidence="MEASURED_RESULT", rule=f"Measure the {tag} funnel weekly.")])
    doc.frontmatter.data["industry"] = tag
    return render(doc)


def new_tag() -> str:
    return f"ind-{uuid.uuid4().hex[:8]}"
