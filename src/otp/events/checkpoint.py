"""Signed checkpoints of the audit chains: a chain's head (seq and hash) signed with Ed25519, to be
kept somewhere the database's writers cannot reach. Verifying against a checkpoint proves that no
event up to its head changed since it was written — even by someone who holds the audit key, and
even if the tail after it was cut off.

OTP_AUDIT_SIGNING_KEY   path of the Ed25519 private key (PEM); default: audit_signing_key.pem in
                        the data folder, generated once
"""
from __future__ import annotations

import base64
import json
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from sqlalchemy import select
from sqlalchemy.orm import Session

from otp.core import clock
from otp.core.types import iso
from otp.events.models import Event, EventChain
from otp.events.service import verify_chain

FORMAT = "otp-audit-checkpoint/1"
SIGNING_KEY_ENV = "OTP_AUDIT_SIGNING_KEY"


def signing_key(data_dir: Path) -> Ed25519PrivateKey:
    path = Path(os.environ.get(SIGNING_KEY_ENV) or data_dir / "audit_signing_key.pem")
    if not path.exists():
        key = Ed25519PrivateKey.generate()
        path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
        path.chmod(0o600)
        return key
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError(f"{path} is not an Ed25519 private key")
    return key


def public_text(key: Ed25519PublicKey) -> str:
    return base64.b64encode(key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)).decode()


def _signed_part(doc: dict) -> bytes:
    body = {"format": doc.get("format"), "created_at": doc.get("created_at"), "chains": doc.get("chains")}
    return json.dumps(body, sort_keys=True, separators=(",", ":")).encode("utf-8")


def write(session: Session, key: Ed25519PrivateKey, org_ids: list[str] | None = None) -> dict:
    """A checkpoint of every chain (or the ones named): what `verify` checks against later."""
    q = select(EventChain.org_id, EventChain.seq, EventChain.head_hash).order_by(EventChain.org_id)
    if org_ids is not None:
        q = q.where(EventChain.org_id.in_(org_ids))
    chains = [{"org_id": o, "seq": seq, "head_hash": h} for o, seq, h in session.execute(q)]
    doc = {"format": FORMAT, "created_at": iso(clock.now()), "chains": chains}
    doc["public_key"] = public_text(key.public_key())
    doc["signature"] = base64.b64encode(key.sign(_signed_part(doc))).decode()
    return doc


@dataclass
class Problem:
    org_id: str | None
    event_id: int | None
    seq: int | None
    reason: str


def check(session: Session, doc: dict, trusted: str) -> list[Problem]:
    """Problems found checking the chains against a checkpoint signed by the `trusted` public key
    (base64 raw); [] when every event up to each checkpointed head is as it was."""
    if not isinstance(doc, dict) or doc.get("format") != FORMAT or not isinstance(doc.get("chains"), list):
        return [Problem(None, None, None, "not an OTP audit checkpoint")]
    if doc.get("public_key") != trusted:
        return [Problem(None, None, None, "the checkpoint is signed by another key than this installation's")]
    try:
        public = Ed25519PublicKey.from_public_bytes(base64.b64decode(trusted))
        public.verify(base64.b64decode(str(doc.get("signature", ""))), _signed_part(doc))
    except (InvalidSignature, ValueError):
        return [Problem(None, None, None, "the checkpoint's signature does not match its content (edited?)")]
    problems = []
    for chain in doc["chains"]:
        org_id, seq, head = chain.get("org_id"), chain.get("seq"), chain.get("head_hash")
        if not seq:
            continue
        broken = verify_chain(session, org_id, up_to=seq)
        if broken is not None:
            problems.append(Problem(org_id, broken.event_id, broken.seq, broken.reason))
            continue
        at = session.execute(select(Event.id, Event.hash).where(Event.org_id == org_id, Event.seq == seq)).one()
        if at.hash != head:
            problems.append(Problem(org_id, at.id, seq, "the chain up to the checkpoint's head was rewritten"))
    return problems
