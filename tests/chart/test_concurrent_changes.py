"""20 threads assigning occupants and moving seats at once: the tree stays valid and the event
log replays exactly onto the final state (no change lost, none recorded twice)."""
from __future__ import annotations

import random
import threading

from otp.auth.tokens import person_actor
from otp.core.errors import OTPError
from otp.org import chart, people
from otp.org.tree import Tree

THREADS = 20
OPS_PER_THREAD = 8


def test_concurrent_moves_and_assignments_keep_a_valid_tree_and_one_event_per_change(org, db):
    root = org.root()
    seats = [root["id"]]
    for i in range(24):
        seats.append(org.seat(f"Seat {i}", parent=random.Random(i).choice(seats))["id"])
    with db.write() as s:
        owner = person_actor(s, org.owner_id, org.org_id)
        admins = [people.add_member(s, owner, email=f"admin{i}-{org.slug}@example.com", name=f"Admin {i}",
                                    role="admin")[0].id for i in range(THREADS)]
        candidates = [people.add_member(s, owner, email=f"p{i}-{org.slug}@example.com", name=f"P {i}")[0].id
                      for i in range(10)]
    start_seq = org.event_count()
    successes = [0] * THREADS
    unexpected: list[BaseException] = []
    barrier = threading.Barrier(THREADS)

    def worker(n: int) -> None:
        rng = random.Random(1000 + n)
        barrier.wait()
        for _ in range(OPS_PER_THREAD):
            try:
                with db.write() as s:
                    actor = person_actor(s, admins[n], org.org_id)
                    if rng.random() < 0.5:
                        chart.move_seat(s, actor, rng.choice(seats[1:]), rng.choice(seats))
                    else:
                        chart.assign_occupant(s, actor, rng.choice(seats[1:]), kind="person",
                                              occupant_id=rng.choice(candidates), replace=True)
                successes[n] += 1
            except OTPError:
                pass  # a refused change (e.g. a cycle) is a legitimate outcome
            except BaseException as exc:  # lost writes, deadlocks, busy errors
                unexpected.append(exc)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert unexpected == []
    assert sum(successes) > THREADS  # the run did real work

    with db.read() as s:
        tree = Tree.load(s, org.org_id)
    assert tree.roots() == [root["id"]]
    assert all(len(tree.ancestors(seat)) < len(seats) for seat in seats)  # no cycles
    assert set(tree.subtree(root["id"])) == set(seats)  # every seat still reachable

    events = [e for e in org.events() if e.seq > start_seq]
    per_actor = {a: 0 for a in admins}
    for e in events:
        per_actor[e.actor_id] += 1
    assert all(per_actor[a] <= successes[n] for n, a in enumerate(admins))

    # Replay the log from the state before the race: it must land exactly on the final state.
    parent = {seat["id"]: seat["parent_id"] for seat in org.chart()}  # final parents, used only for keys
    replay_parent = dict(_parents_before(org, start_seq))
    replay_holder: dict[str, str | None] = {seat_id: None for seat_id in parent}
    replay_holder[root["id"]] = org.owner_id
    for e in events:
        if e.action == "seat.moved":
            assert replay_parent[e.entity_id] == e.payload["from_parent_id"]
            replay_parent[e.entity_id] = e.payload["to_parent_id"]
        elif e.action == "seat.occupant_assigned":
            previous = e.payload["replaced"]["id"] if e.payload["replaced"] else None
            assert replay_holder[e.entity_id] == previous
            replay_holder[e.entity_id] = e.payload["id"]
    assert replay_parent == tree.parent
    final_holders = {s["id"]: (s["occupant"] or {}).get("id") for s in org.chart()}
    assert replay_holder == final_holders


def _parents_before(org, start_seq):
    parents = {}
    for e in org.events():
        if e.seq > start_seq:
            break
        if e.action == "seat.created":
            parents[e.entity_id] = e.payload["parent_id"]
    return parents.items()
