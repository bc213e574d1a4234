"""The daily digest: what needs a person, mailed once a day (from DIGEST_HOUR, the organization's
local time). It lists exactly what their home page lists — the same query, `needs_of` — each item
with a link straight to it. A person with nothing waiting gets no mail; one who turned the digest
off gets none either.

An organization's digests for a day are queued in one transaction that first inserts its
DigestRun row: that insert is the claim (two workers: one inserts, the other's insert fails and
it does nothing), and a run that fails half-way leaves no row, so the next tick does the day
again. Digests are only queued while SMTP is configured: a digest is news of one day, and a pile
of stale ones sent the day a server is set up would help nobody."""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from otp.auth.tokens import person_actor
from otp.core.config import smtp_url
from otp.core.db import Database
from otp.core.errors import OTPError
from otp.home.needs import LINKS, NeedsYou, needs_of
from otp.mail.links import public_link
from otp.mail.models import DigestRun, MailOptOut
from otp.mail.outbox import queue_mail
from otp.org.models import Membership, Organization, Person

DIGEST_HOUR = 7  # local time of the organization; the first tick after it queues the day's digests


def sections(needs: NeedsYou) -> list[tuple[str, list[tuple[str, str]]]]:
    """(heading, [(title, detail line with its link)]) in the home page's order."""
    def link(path: str) -> str:
        return public_link(path) if path.startswith("/") and not path.startswith("//") else path
    inbox_items = []
    for item in needs.inbox:
        target = LINKS[item.link_type].format(item.link_id) if item.link_type in LINKS else "/"
        inbox_items.append((item.title, f"{item.kind} · {link(target)}"))
    return [
        ("Approvals waiting for you",
         [(needs.approval_lines[a.id], f"answer by {a.deadline:%a %d %b %H:%M} UTC · {link(f'/approvals#{a.id}')}")
          for a in needs.approvals]),
        ("Escalations you hold",
         [(e.reason, f"{e.urgency} · respond by {e.respond_by:%a %d %b %H:%M} UTC · {link(f'/escalations#{e.id}')}")
          for e in needs.holding]),
        ("Your to-dos", [(t.title, f"due {t.due_at:%a %d %b} · {link(f'/todos#{t.id}')}") for t in needs.todos]),
        ("Rocks waiting for your review", [(o.title, link(f"/rocks/{o.id}")) for o in needs.reviews]),
        ("Meeting prep requested",
         [(p["title"], (f"{p['when']:%a %d %b %H:%M} UTC · " if p.get("when") else "") + link(p["href"]))
          for p in (needs.prep or [])]),
        ("Unread inbox", inbox_items),
    ]


def render(org: Organization, person: Person, needs: NeedsYou) -> tuple[str, str]:
    """(subject, text) of one person's digest."""
    lines = [f"Hello {person.name.split(' ')[0]}, this is what needs you at {org.name}.", ""]
    for heading, items in sections(needs):
        if not items:
            continue
        lines.append(f"{heading} ({len(items)})")
        for title, detail in items:
            lines += [f"- {' '.join(title.split())}", f"  {detail}"]
        lines.append("")
    if needs.raised:
        lines += [f"You raised {len(needs.raised)} open escalation{'' if len(needs.raised) == 1 else 's'}.", ""]
    lines += [f"Your home page: {public_link('/')}", "", "--",
              f"Choose which mail you get: {public_link('/me/mail')}", ""]
    count = needs.count
    subject = f"[{org.name}] {count} thing{'' if count == 1 else 's'} need{'s' if count == 1 else ''} you today"
    return subject, "\n".join(lines)


def local_day(org: Organization, now: datetime) -> tuple[str, int]:
    """(ISO date, hour) in the organization's timezone."""
    try:
        zone = ZoneInfo(org.timezone or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo("UTC")
    local = now.astimezone(zone)
    return local.date().isoformat(), local.hour


def queue_digests(db: Database, now: datetime, *, org_id: str | None = None) -> int:
    """Queue today's digests of every organization whose DIGEST_HOUR has come; returns how many."""
    if smtp_url() is None:
        return 0
    with db.read() as s:
        q = select(Organization)
        if org_id is not None:
            q = q.where(Organization.id == org_id)
        due = []
        for org in s.execute(q.order_by(Organization.created_at)).scalars():
            day, hour = local_day(org, now)
            if hour >= DIGEST_HOUR and s.get(DigestRun, (org.id, day)) is None:
                due.append((org.id, day))
    queued = 0
    for oid, day in due:
        try:
            with db.write() as s:
                run = DigestRun(org_id=oid, day=day, queued=0, ran_at=now)
                s.add(run)
                s.flush()  # the claim: a second worker's insert fails here
                run.queued = queue_org_digests(s, oid, day)
                queued += run.queued
        except IntegrityError:
            continue  # another worker did this organization's day
    return queued


def queue_org_digests(session: Session, org_id: str, day: str) -> int:
    org = session.get(Organization, org_id)
    opted_out = set(session.execute(select(MailOptOut.person_id).where(MailOptOut.kind == "digest")).scalars())
    members = session.execute(select(Person).join(Membership, Membership.person_id == Person.id)
                              .where(Membership.org_id == org_id).order_by(Person.id)).scalars()
    queued = 0
    for person in members:
        if person.id in opted_out:
            continue
        try:
            actor = person_actor(session, person.id, org_id)
        except OTPError:  # no longer a member (or not active): no digest
            continue
        needs = needs_of(session, actor)
        if needs.count == 0:
            continue
        subject, text = render(org, person, needs)
        queue_mail(session, org_id=org_id, to=person.email, person_id=person.id, kind="digest", subject=subject,
                   text=text, dedup_key=f"digest:{person.id}:{day}")
        queued += 1
    return queued
