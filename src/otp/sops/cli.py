"""otp sops SEAT_ID [--effective] [--json]."""
from __future__ import annotations

from typing import Annotated

import typer

from otp.cli.common import DatabaseUrl, Json, emit, fail, open_db, run


def register(app: typer.Typer) -> None:
    app.command("sops")(sops)


def sops(seat_id: Annotated[str, typer.Argument(help="Seat id (see `otp chart --json`)")],
         effective: Annotated[bool, typer.Option("--effective", help="Include SOPs inherited from seats above")] = False,
         as_json: Json = False, database_url: DatabaseUrl = None) -> None:
    """List a seat's SOPs; --effective adds the inherited ones, nearest first."""
    from sqlalchemy import select

    from otp.org.models import Seat
    from otp.sops.inherit import effective_sops
    from otp.sops.models import Sop
    db = open_db(database_url)

    def go():
        with db.read() as s:
            seat = s.get(Seat, seat_id)
            if seat is None:
                fail(f"no seat {seat_id!r}")
            if effective:
                return seat, [e.as_dict() for e in effective_sops(s, seat.org_id, seat.id)]
            rows = s.execute(select(Sop).where(Sop.seat_id == seat.id, Sop.archived_at.is_(None))
                             .order_by(Sop.key)).scalars()
            return seat, [{"id": r.id, "version": r.version, "source_seat_id": seat.id,
                           "source_seat_title": seat.title, "inherited": False, **r.content()} for r in rows]
    seat, items = run(go)
    if as_json:
        emit({"seat_id": seat.id, "effective": effective, "sops": items}, True)
        return
    lines = [f"SOPs of {seat.title}" + (" (effective)" if effective else "")]
    for item in items:
        source = f"  [from {item['source_seat_title']}]" if item["inherited"] else ""
        lines.append(f"- {item['key']} v{item['version']}: {item['title']}{source}")
        lines += [f"    {n}. {step}" for n, step in enumerate(item["steps"], 1)]
    typer.echo("\n".join(lines) if items else lines[0] + ": none")
