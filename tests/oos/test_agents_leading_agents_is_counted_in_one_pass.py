"""The live "agents leading agents" signal: agents holding a seat with an agent-held seat somewhere
below it. Counted in one linear pass; it must give the answer of the former per-seat subtree
walk on any chart."""
import random

import pytest
from sqlalchemy import select

from otp.oos.live import agents_leading_agents, leading_agents
from otp.org.models import Seat
from otp.org.tree import Tree


def reference(rows) -> set[str]:
    """The former algorithm, kept as the oracle: rebuild each agent seat's subtree."""
    tree = Tree(parent={s: p for s, p, _ in rows})
    agent_of = {s: a for s, _, a in rows if a is not None}
    return {agent_of[seat] for seat in agent_of if any(s != seat and s in agent_of for s in tree.subtree(seat))}


def random_chart(seed: int, seats: int) -> list[tuple[str, str | None, str | None]]:
    rnd = random.Random(seed)
    rows = []
    for i in range(seats):
        parent = None if i == 0 or rnd.random() < 0.05 else f"s{rnd.randrange(i)}"  # a forest, now and then
        holder = rnd.choice([None, None, "a1", "a2", "a3", f"a{i}", f"a{i}"])      # agents may hold two seats
        rows.append((f"s{i}", parent, holder))
    return rows


@pytest.mark.parametrize("seed", range(40))
def test_one_pass_gives_the_same_leaders_as_the_subtree_walk_on_random_charts(seed):
    rows = random_chart(seed, seats=random.Random(seed).randrange(1, 120))
    assert leading_agents(rows) == reference(rows)


BRANCHING = [
    ("ceo", None, None),         # a person
    ("cto", "ceo", "lead"),      # agent 'lead' leads two branches
    ("dev", "cto", "coder"),     # agent below an agent
    ("qa", "cto", None),         # a person below the lead ...
    ("tester", "qa", "tester"),  # ... with an agent below them: still below 'lead'
    ("ops", "ceo", "runner"),    # an agent with only people below
    ("oncall", "ops", None),
    ("sales", "ceo", None),      # a branch without agents
    ("sdr", "sales", "caller"),
]


def test_a_branching_chart_has_exactly_the_agents_with_an_agent_below():
    assert leading_agents(BRANCHING) == reference(BRANCHING) == {"lead"}
    deeper = BRANCHING + [("script", "tester", "scripter"), ("pager", "oncall", "pager")]
    assert leading_agents(deeper) == reference(deeper) == {"lead", "tester", "runner"}


def test_the_database_count_matches_the_oracle_on_a_stored_chart(org):
    ceo = org.root()
    lead = org.seat("Lead", parent=ceo["id"], holder=org.agent("Lead", level=8))
    person = org.seat("Reviewer", parent=lead["id"], holder=org.person("Rita Reviewer"), kind="person")
    org.seat("Coder", parent=person["id"], holder=org.agent("Coder", level=4))
    solo = org.seat("Solo", parent=ceo["id"], holder=org.agent("Solo", level=4))
    org.seat("Helper", parent=solo["id"], holder=org.person("Hal Helper"), kind="person")
    with org.db.read() as s:
        rows = s.execute(select(Seat.id, Seat.parent_id, Seat.occupant_agent_id).where(Seat.org_id == org.org_id)).all()
        assert agents_leading_agents(s, org.org_id) == len(reference(rows)) == 1
