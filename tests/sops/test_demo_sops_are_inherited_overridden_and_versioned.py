"""The Brightline demo SOPs: inherited from the COO and Head of Delivery, overridden by the Content
Operations Lead for the writers, and one with three versions."""
from __future__ import annotations

from otp.auth.tokens import person_actor
from otp.demo.seed import SEATS
from otp.sops import demo
from otp.sops.inherit import effective_sops


def test_the_writer_inherits_the_content_override_and_the_company_sops(org, db):
    with db.write() as s:
        actor = person_actor(s, org.owner_id, org.org_id)
        seat_ids = {}
        from otp.org import chart
        for key, title, parent, _holder, purpose, duties in SEATS:
            seat_ids[key] = chart.create_seat(s, actor, title=title, purpose=purpose, responsibilities=duties,
                                              parent_id=seat_ids.get(parent)).id
        demo.extend(s, actor, None, {}, {}, seat_ids)
    with db.read() as s:
        writer = {e.key: e for e in effective_sops(s, org.org_id, seat_ids["writer"])}
        paid = {e.key: e for e in effective_sops(s, org.org_id, seat_ids["paid"])}
    assert writer["client-facing-copy"].source_seat_title == "Content Operations Lead"
    assert paid["client-facing-copy"].source_seat_title == "Head of Delivery"
    assert writer["escalate-blockers"].source_seat_title == "Integrator / COO" and writer["escalate-blockers"].inherited
    assert writer["ship-checklist"].version == 3
    assert list(writer)[0] == "draft-blog-post"
