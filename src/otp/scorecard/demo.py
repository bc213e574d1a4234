"""Brightline's scorecard: 14 weekly measurables (one a formula) owned by people and agents, 13
weeks of history reported week by week through the real service — so the drift issues in the
demo are the ones the drift check raised as the weeks went by."""
from __future__ import annotations

from otp.auth.tokens import agent_actor
from otp.core import clock
from otp.core.errors import ApprovalRequired, Forbidden
from otp.scorecard import entries, measurables, periods

# key, seat key, title, unit, comparator, target, target_max, formula, 13 weekly values (oldest first)
MEASURABLES = [
    ("revenue", "ceo", "New revenue signed", "$", ">=", 25_000, None, None,
     [22000, 31000, 27500, 26000, 35000, 24000, 29000, 33000, 28000, 30500, 27000, 36000, 31000]),
    ("projects_delivered", "delivery", "Projects delivered", "projects", ">=", 6, None, None,
     [6, 7, 6, 8, 7, 6, 7, 8, 6, 7, 7, 8, 7]),
    ("on_time", "delivery", "Projects delivered on time", "projects", ">=", 5, None, None,
     [6, 7, 6, 8, 7, 4, 5, 6, 6, 7, 7, 8, 7]),
    ("on_time_rate", "coo", "On-time delivery rate", "%", ">=", 90, None, "on_time / projects_delivered * 100", None),
    ("csat", "client", "Client satisfaction (CSAT)", "/5", "between", 4.5, 5, None,
     [4.7, 4.6, 4.8, 4.5, 4.6, 4.7, 4.4, 4.6, 4.7, 4.8, 4.6, 4.7, 4.8]),
    ("cash", "finance", "Cash in bank", "$", ">=", 150_000, None, None,
     [182000, 178000, 175000, 171000, 168000, 166000, 163000, 160000, 157000, 154000, 151000, 148000, 145000]),
    ("ar_over_30", "finance", "Receivables over 30 days", "$", "<=", 20_000, None, None,
     [12000, 14000, 15000, 13000, 18000, 17000, 16000, 19000, 15000, 14000, 13000, 12000, 11000]),
    ("articles", "content_lead", "Articles published", "articles", ">=", 8, None, None,
     [8, 9, 8, 10, 9, 8, 9, 10, 9, 8, 9, 10, 9]),
    ("words", "writer", "Words published", "words", ">=", 12_000, None, None,
     [12500, 13100, 12800, 11000, 12900, 13400, 12200, 13800, 12600, 13300, 12100, 13900, 14200]),
    ("keywords_top10", "seo", "Client keywords in the top 10", "keywords", ">=", 110, None, None,
     [96, 99, 103, 104, 108, 111, 113, 117, 119, 122, 124, 127, 130]),
    ("cpa", "paid", "Blended cost per acquisition", "$", "<=", 85, None, None,
     [78, 81, 76, 80, 83, 79, 82, 84, 80, 88, 91, 94, 97]),
    ("defects_to_clients", "qa", "Defects that reached clients", "defects", "<=", 1, None, None,
     [0, 1, 0, 2, 3, 1, 0, 0, 1, 0, 0, 1, 0]),
    ("status_notes", "coordinator", "Status notes sent on time", "%", ">=", 95, None, None,
     [100, 97, 96, 98, 100, 95, 96, 99, 100, 97, 98, 96, 100]),
    ("reports_on_time", "reporting", "Client reports out by Monday 10:00", "reports", ">=", 14, None, None,
     [14, 14, 15, 14, 13, 15, 14, 14, 15, 15, 14, 12, 13]),
    ("uncategorized", "bookkeeping", "Uncategorized transactions", "transactions", "<=", 10, None, None,
     [6, 8, 5, 9, 7, 4, 6, 8, 5, 7, 9, 6, 5]),
]


def extend(session, actor, org, person_ids, agent_ids, seat_ids) -> None:
    from otp.demo.seed import SEATS
    holder = {key: occupant for key, _, _, occupant, _, _ in SEATS}
    created = {}
    for position, (key, seat, title, unit, comparator, target, target_max, formula, _) in enumerate(MEASURABLES):
        created[key] = measurables.create_measurable(
            session, actor, title=title, key=key, owner_seat_id=seat_ids[seat], unit=unit, comparator=comparator,
            target=target, target_max=target_max, formula=formula, position=position)
    current = periods.period_of(clock.now(), "weekly", org.timezone, org.week_start)
    weeks = periods.window(current, "weekly", 13)
    reporters = {}
    for week, start in enumerate(weeks):  # week by week, as the team would have, so drift fires in order
        for key, seat, *_, values in MEASURABLES:
            if values is None:
                continue  # a formula: computed from its inputs
            occupant = holder[seat]
            if occupant in agent_ids and occupant not in reporters:
                reporters[occupant] = agent_actor(session, agent_ids[occupant])
            _report(session, reporters.get(occupant, actor), actor, created[key].id, values[week], start)


def _report(session, reporter, fallback, measurable_id, value, start) -> None:
    try:
        entries.report(session, reporter, measurable_id=measurable_id, value=value, period=start)
    except (ApprovalRequired, Forbidden):
        # An agent whose level does not let it report alone: its human reports for it.
        entries.report(session, fallback, measurable_id=measurable_id, value=value, period=start)
