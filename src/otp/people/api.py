"""REST face for people (roles, deactivation, sessions, reset links), invitations and password
resets. Thin: parse, call a service, render. Accepting an invitation and resetting a password
take no bearer token: the one-time link's token is the credential."""
from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Depends, Request

from otp.api.deps import ActorDep, AdminDep, DbDep, no_unknown_query
from otp.api.errors import READ, READ_ONE, WRITE, responses
from otp.org.schemas import PersonOut
from otp.people import invitations, membership, resets, signin
from otp.people.schemas import (Accepted, Deactivate, InvitationAccept, InvitationCreate, InvitationOut,
                                ResetComplete, ResetIssued, ResetRequest, RoleChange, SessionOut, SessionsEnded)

router = APIRouter(prefix="/api/v1", dependencies=[Depends(no_unknown_query)])
LINK = (400, 404, 409, 410, 422)  # answers of the endpoints a one-time link drives


@router.put("/people/{person_id}/role", tags=["people"], responses=responses(*WRITE))
def change_role(person_id: str, body: RoleChange, actor: AdminDep, db: DbDep) -> PersonOut:
    """Only an owner makes or demotes an owner; the last active owner cannot be demoted."""
    with db.write() as s:
        membership.change_role(s, actor, person_id, body.role)
        return PersonOut.of(*membership.get_member(s, actor, person_id))


@router.post("/people/{person_id}/deactivate", tags=["people"], responses=responses(*WRITE))
def deactivate(person_id: str, body: Deactivate, actor: AdminDep, db: DbDep) -> PersonOut:
    """Their sessions and tokens stop at once. Seats they hold: `reassign_to` (person:ID or agent:ID)
    takes them, or `vacate: true` leaves them vacant; neither while they hold seats is a 409."""
    with db.write() as s:
        membership.deactivate(s, actor, person_id, reassign_to=body.reassign_to, vacate=body.vacate)
        return PersonOut.of(*membership.get_member(s, actor, person_id))


@router.post("/people/{person_id}/reactivate", tags=["people"], responses=responses(*WRITE))
def reactivate(person_id: str, actor: AdminDep, db: DbDep) -> PersonOut:
    """The membership comes back; old sessions and tokens do not."""
    with db.write() as s:
        membership.reactivate(s, actor, person_id)
        return PersonOut.of(*membership.get_member(s, actor, person_id))


@router.post("/people/{person_id}/password-reset", status_code=201, tags=["people"], responses=responses(*WRITE))
def send_password_reset(person_id: str, actor: AdminDep, db: DbDep) -> ResetIssued:
    """Mail the person a one-time reset link (2 hours); without mail configured, `link` is it."""
    with db.write() as s:
        return ResetIssued(link=resets.issue_reset(s, actor, person_id))


@router.get("/people/{person_id}/sessions", tags=["people"], responses=responses(*READ_ONE))
def list_sessions(person_id: str, actor: ActorDep, db: DbDep) -> list[SessionOut]:
    """Signed-in browsers of the person (yours, or anyone's for an admin)."""
    with db.read() as s:
        membership.get_member(s, actor, person_id)
        return [SessionOut.of(r) for r in signin.list_sessions(s, actor, person_id)]


@router.delete("/people/{person_id}/sessions", tags=["people"], responses=responses(*WRITE))
def sign_out_everywhere(person_id: str, actor: ActorDep, db: DbDep) -> SessionsEnded:
    with db.write() as s:
        return SessionsEnded(ended=signin.sign_out_everywhere(s, actor, person_id))


@router.delete("/people/{person_id}/sessions/{session_id}", status_code=204, tags=["people"],
               responses=responses(*WRITE))
def end_session(person_id: str, session_id: str, actor: ActorDep, db: DbDep) -> None:
    with db.write() as s:
        signin.end_session(s, actor, person_id, session_id)


@router.get("/invitations", tags=["invitations"], responses=responses(*READ))
def list_invitations(actor: AdminDep, db: DbDep,
                     state: Literal["pending", "expired", "accepted", "revoked"] | None = None) -> list[InvitationOut]:
    with db.read() as s:
        return [InvitationOut.of(r) for r in invitations.list_invitations(s, actor, state=state)]


@router.post("/invitations", status_code=201, tags=["invitations"], responses=responses(*WRITE))
def invite(body: InvitationCreate, actor: AdminDep, db: DbDep) -> InvitationOut:
    """Mail a one-time link (72 hours) to set a name and password. Without mail configured the
    answer's `link` is the path to send the invitee yourself."""
    with db.write() as s:
        issued = invitations.invite(s, actor, email=body.email, role=body.role)
        return InvitationOut.of(issued.invitation, issued.link)


@router.post("/invitations/accept", status_code=201, tags=["invitations"], responses=responses(*LINK))
def accept(body: InvitationAccept, db: DbDep) -> Accepted:
    """No bearer token: the invitation's token is the credential. 410 says whether the link was
    used, expired, revoked or replaced; nothing changes then."""
    with db.write() as s:
        person, member = invitations.accept(s, body.token, name=body.name, password=body.password)
        return Accepted(person_id=person.id, org_id=member.org_id, name=person.name, email=person.email,
                        role=member.role)


@router.post("/invitations/{invitation_id}/resend", tags=["invitations"], responses=responses(*WRITE))
def resend(invitation_id: str, actor: AdminDep, db: DbDep) -> InvitationOut:
    """A new link, valid 72 hours from now; the previous link stops working ("replaced")."""
    with db.write() as s:
        issued = invitations.resend(s, actor, invitation_id)
        return InvitationOut.of(issued.invitation, issued.link)


@router.post("/invitations/{invitation_id}/revoke", tags=["invitations"], responses=responses(*WRITE))
def revoke(invitation_id: str, actor: AdminDep, db: DbDep) -> InvitationOut:
    with db.write() as s:
        return InvitationOut.of(invitations.revoke(s, actor, invitation_id))


@router.post("/password-resets", status_code=202, tags=["people"], responses=responses(400, 422))
def request_reset(body: ResetRequest, request: Request, db: DbDep) -> None:
    """Mails a reset link if the address belongs to an active member. The answer is the same
    either way, so it cannot tell who has an account."""
    with db.write() as s:
        resets.request_reset(s, email=body.email, address=request.client.host if request.client else "")


@router.post("/password-resets/complete", tags=["people"], responses=responses(*LINK))
def complete_reset(body: ResetComplete, db: DbDep) -> Accepted:
    """Set the new password with the link's token; every session of the person ends."""
    with db.write() as s:
        person, member = resets.complete_reset(s, body.token, password=body.password)
        return Accepted(person_id=person.id, org_id=member.org_id, name=person.name, email=person.email,
                        role=member.role)
