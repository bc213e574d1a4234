"""Organization against organization: any two of (a pasted document, a network organization's
published OOS, a version of your own) compared by claim similarity."""
from __future__ import annotations

from sqlalchemy.orm import Session

from otp.auth.actor import Actor
from otp.org.models import Organization

from . import network, store
from .diff import diff_orgs
from .model import OOSDocument


def side(session: Session, actor: Actor, ref: dict, field: str) -> tuple[OOSDocument, dict]:
    """A document and a short description of where it came from."""
    if "text" in ref:
        doc = store.parse_text(ref["text"], f"{field}.text", as_json=False)
        return doc, {"source": "text", "org_pseudonym": doc.frontmatter.org_pseudonym}
    if "org" in ref:
        own = session.get(Organization, actor.org_id)
        if own is not None and own.slug == ref["org"]:  # your own organization, public or not
            row = store.resolve(session, actor.org_id, "latest", f"{field}.org")
        else:
            row, _org = network.public_document(session, ref["org"])
        return store.document_of(row), {"source": "org", "org": ref["org"], "version": row.number,
                                        "org_pseudonym": row.pseudonym}
    row = store.resolve(session, actor.org_id, ref["version"], f"{field}.version")
    return store.document_of(row), {"source": "version", "version": row.number or "draft",
                                    "org_pseudonym": row.pseudonym}


def compare(session: Session, actor: Actor, a: dict, b: dict) -> dict:
    doc_a, about_a = side(session, actor, a, "a")
    doc_b, about_b = side(session, actor, b, "b")
    return {"a": about_a, "b": about_b, **diff_orgs(doc_a, doc_b).to_dict()}
