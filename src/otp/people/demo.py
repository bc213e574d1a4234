"""Brightline's people: Maya has invited Elena Park, who is to take the vacant Head of Growth
seat; the invitation waits (its link is in the queued mail, or Maya resends it from /people)."""
from __future__ import annotations

from otp.people import invitations

INVITEE_EMAIL = "elena@example.com"


def extend(session, actor, org, person_ids, agent_ids, seat_ids) -> None:
    invitations.invite(session, actor, email=INVITEE_EMAIL, role="member")
