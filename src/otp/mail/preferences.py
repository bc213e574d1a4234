"""Which optional mail a person gets: one switch per kind (`otp.mail.kinds.OPTIONAL`), on unless
they turned it off. The switches belong to the person, in every organization they work in.

Changing them is personal state, like marking one's inbox read: no policy class governs it (only
the person themself may, and only with a token that may write); the change is an event in the
organization they acted from."""
from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from otp.auth.actor import Actor
from otp.core.errors import Forbidden, Invalid
from otp.events.service import record
from otp.mail.kinds import OPTIONAL
from otp.mail.models import MailOptOut
from otp.org.models import Person


def preferences(session: Session, person_id: str) -> dict[str, bool]:
    """Every optional kind → whether the person gets it, in the order OPTIONAL lists them."""
    off = set(session.execute(select(MailOptOut.kind).where(MailOptOut.person_id == person_id)).scalars())
    return {kind: kind not in off for kind in OPTIONAL}


def my_preferences(session: Session, actor: Actor) -> dict[str, bool]:
    return preferences(session, _person(actor))


def set_preferences(session: Session, actor: Actor, *, kinds: dict) -> dict[str, bool]:
    """Turn the named kinds on (True) or off (False); kinds not named keep their setting.
    Returns every kind's setting afterwards."""
    person_id = _person(actor)
    if not isinstance(kinds, dict):
        raise Invalid("give each kind of mail as true (send it) or false (do not)", field="kinds")
    for kind, wanted in kinds.items():
        if kind not in OPTIONAL:
            raise Invalid(f"no optional mail of kind {str(kind)[:40]!r}; the kinds are {', '.join(OPTIONAL)}",
                          field=f"kinds.{str(kind)[:40]}")
        if not isinstance(wanted, bool):
            raise Invalid("must be true or false", field=f"kinds.{kind}")
    if "write" not in actor.scopes:
        raise Forbidden("this token lacks the write scope needed to change mail preferences")
    # Serialize this person's changes: two at once would both insert the same opt-out.
    session.execute(select(Person.id).where(Person.id == person_id).with_for_update()).scalar_one()
    before = preferences(session, person_id)
    changed = {kind: wanted for kind, wanted in kinds.items() if before[kind] != wanted}
    if not changed:
        return before
    turned_off = [kind for kind, wanted in changed.items() if not wanted]
    turned_on = [kind for kind, wanted in changed.items() if wanted]
    if turned_on:
        session.execute(delete(MailOptOut).where(MailOptOut.person_id == person_id, MailOptOut.kind.in_(turned_on)))
    session.add_all(MailOptOut(person_id=person_id, kind=kind) for kind in turned_off)
    session.flush()
    record(session, actor, "mail.preferences_changed", "person", person_id, {"changed": changed})
    return {**before, **changed}


def _person(actor: Actor) -> str:
    if actor.kind != "person":
        raise Invalid("only people get mail; an agent has no mail preferences", field="actor")
    return actor.id
