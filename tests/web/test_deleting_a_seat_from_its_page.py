"""Deleting a seat from its page: the page says what the seat still owns, refuses without a seat
to hand it to, and hands it over when one is chosen."""
from __future__ import annotations

from sqlalchemy import func, select

from otp.work.models import Todo
from tests.web.kit import web


def todos_of(kit, seat_id: str) -> int:
    with kit.db.read() as s:
        return s.execute(select(func.count()).select_from(Todo).where(Todo.owner_seat_id == seat_id)).scalar_one()


def test_a_seat_with_work_needs_a_seat_to_take_it_over(demo_db):
    with web(demo_db) as kit:
        finance, ceo, coo = (kit.seat(t) for t in ("Head of Finance & Ops", "Visionary / CEO", "Integrator / COO"))
        owned = todos_of(kit, finance)
        assert owned and "Its work moves to" in kit.get(f"/chart/seats/{finance}").text
        events = kit.events()
        refused = kit.post(f"/chart/seats/{finance}/delete", {"reparent_to": coo, "reassign_to": ""})
        assert refused.status_code == 409 and 'id="err-reassign_to"' in refused.text
        assert kit.events() == events and todos_of(kit, finance) == owned
        done = kit.post(f"/chart/seats/{finance}/delete", {"reparent_to": coo, "reassign_to": ceo})
        assert done.status_code == 303
        assert todos_of(kit, finance) == 0 and kit.events("seat.deleted") == 1
