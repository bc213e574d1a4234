"""otp person …: people of an organization from the terminal — invite (prints the link when no
mail is configured), list, role, deactivate, reactivate, invitations, resend, revoke.

Writes run as the organization's first owner (the operator at the machine), through the same
services as the web and REST."""
from __future__ import annotations

from typing import Annotated

import typer

from otp.cli.common import DatabaseUrl, Json, OrgSlug, emit, fail, open_db, owner_actor, pick_org, run

app = typer.Typer(name="person", help="People: invite, list, change role, deactivate, reactivate.",
                  no_args_is_help=True)
Role = Annotated[str, typer.Option("--role", help="owner, admin, member or observer")]


def _write(database_url, org, work):
    db = open_db(database_url)

    def go():
        with db.write() as s:
            organization = pick_org(s, org)
            return work(s, owner_actor(s, organization)), organization.slug
    return run(go)


def _read(database_url, org, work):
    db = open_db(database_url)

    def go():
        with db.read() as s:
            organization = pick_org(s, org)
            return work(s, owner_actor(s, organization)), organization.slug
    return run(go)


def _invitation(row, link=None) -> dict:
    from otp.people.invitations import state_of
    return {"id": row.id, "email": row.email, "role": row.role, "state": state_of(row),
            "sent_at": row.sent_at, "expires_at": row.expires_at, "link": link}


def _link_text(link: str | None) -> str:
    if not link:
        return "The link was mailed."
    from otp.core.config import public_url
    return f"Mail is not configured (OTP_SMTP_URL): send this link yourself (works once, 72 hours):\n{public_url()}{link}"


@app.command("invite")
def invite_cmd(email: str, role: Role = "member", org: OrgSlug = None, as_json: Json = False,
               database_url: DatabaseUrl = None) -> None:
    """Invite EMAIL with a role; they set their name and password from a one-time link."""
    from otp.people import invitations
    issued, slug = _write(database_url, org, lambda s, a: invitations.invite(s, a, email=email, role=role))
    data = _invitation(issued.invitation, issued.link)
    emit(data, as_json, f"[{slug}] invited {data['email']} as {data['role']} ({data['id']}). {_link_text(issued.link)}")


@app.command("list")
def list_cmd(org: OrgSlug = None, as_json: Json = False, database_url: DatabaseUrl = None) -> None:
    """Members with role, status and seats held."""
    from otp.people.membership import seats_held
    from otp.org.people import list_members

    def work(s, a):
        return [{"id": p.id, "name": p.name, "email": p.email, "role": m.role, "status": m.status,
                 "seats": [seat.title for seat in seats_held(s, a.org_id, p.id)]} for p, m in list_members(s, a)]
    rows, slug = _read(database_url, org, work)
    emit(rows, as_json, "\n".join(
        f"{r['id']}  {r['name']} <{r['email']}>  {r['role']}  {r['status']}  seats: {', '.join(r['seats']) or '-'}"
        for r in rows) or f"[{slug}] no members")


@app.command("role")
def role_cmd(person_id: str, role: Annotated[str, typer.Argument(help="owner, admin, member or observer")],
             org: OrgSlug = None, database_url: DatabaseUrl = None) -> None:
    """Change a member's role (the last owner stays an owner)."""
    from otp.people import membership
    member, slug = _write(database_url, org, lambda s, a: membership.change_role(s, a, person_id, role))
    typer.echo(f"[{slug}] {person_id} is now {member.role}")


@app.command("deactivate")
def deactivate_cmd(person_id: str,
                   reassign_to: Annotated[str | None, typer.Option(
                       "--reassign-to", help="person:ID or agent:ID who takes every seat they hold")] = None,
                   vacate: Annotated[bool, typer.Option("--vacate", help="Leave the seats they hold vacant")] = False,
                   org: OrgSlug = None, database_url: DatabaseUrl = None) -> None:
    """Deactivate: their sessions and tokens stop at once. Holding seats needs --reassign-to or --vacate."""
    from otp.people import membership
    _, slug = _write(database_url, org, lambda s, a: membership.deactivate(s, a, person_id, reassign_to=reassign_to,
                                                                          vacate=vacate))
    typer.echo(f"[{slug}] deactivated {person_id}")


@app.command("reactivate")
def reactivate_cmd(person_id: str, org: OrgSlug = None, database_url: DatabaseUrl = None) -> None:
    """Give the membership back (old sessions and tokens stay revoked)."""
    from otp.people import membership
    _, slug = _write(database_url, org, lambda s, a: membership.reactivate(s, a, person_id))
    typer.echo(f"[{slug}] reactivated {person_id}")


@app.command("invitations")
def invitations_cmd(state: Annotated[str | None, typer.Option(
                        "--state", help="pending, expired, accepted or revoked")] = None,
                    org: OrgSlug = None, as_json: Json = False, database_url: DatabaseUrl = None) -> None:
    """Invitations, newest first."""
    from otp.people import invitations
    rows, slug = _read(database_url, org, lambda s, a: [_invitation(r) for r in
                                                        invitations.list_invitations(s, a, state=state)])
    emit(rows, as_json, "\n".join(f"{r['id']}  {r['email']}  {r['role']}  {r['state']}  expires {r['expires_at']:%Y-%m-%d %H:%M}"
                                  for r in rows) or f"[{slug}] no invitations")


@app.command("resend")
def resend_cmd(invitation_id: str, org: OrgSlug = None, as_json: Json = False, database_url: DatabaseUrl = None) -> None:
    """A new link for a pending invitation (72 hours from now); the old link stops working."""
    from otp.people import invitations
    issued, slug = _write(database_url, org, lambda s, a: invitations.resend(s, a, invitation_id))
    emit(_invitation(issued.invitation, issued.link), as_json,
         f"[{slug}] resent {issued.invitation.email}. {_link_text(issued.link)}")


@app.command("revoke")
def revoke_cmd(invitation_id: str, org: OrgSlug = None, database_url: DatabaseUrl = None) -> None:
    """Withdraw a pending invitation; its link says "revoked"."""
    from otp.people import invitations
    row, slug = _write(database_url, org, lambda s, a: invitations.revoke(s, a, invitation_id))
    typer.echo(f"[{slug}] revoked the invitation to {row.email}")


__all__ = ["app", "fail"]
