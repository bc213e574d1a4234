"""Short verbs for the settings pages' tests: read the organization's stored settings and
policy, count events, and preview-then-save a policy edit the way the page does."""
from __future__ import annotations

import html
import re

from otp.governance import store
from otp.org.models import Organization
from tests.web.kit import WebKit


def org_row(k: WebKit) -> Organization:
    with k.db.read() as s:
        org = s.get(Organization, k.org_id)
        s.expunge(org)
        return org


def policy_doc(k: WebKit) -> dict:
    with k.db.read() as s:
        return store.document(s, k.org_id)


def hidden(page: str, name: str) -> str:
    """The value of a hidden input on a page (the preview's proposal and version)."""
    match = re.search(rf'name="{name}" value="([^"]*)"', page)
    assert match, f"no hidden {name} on the page"
    return html.unescape(match.group(1))


def preview(k: WebKit, data: dict):
    return k.post("/settings/policy/preview", data)


def save_preview(k: WebKit, page: str):
    return k.post("/settings/policy/apply", {"sections": hidden(page, "sections"), "version": hidden(page, "version")})
