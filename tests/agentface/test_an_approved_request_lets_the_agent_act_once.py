"""An agent that asks first (request_approval for an action inside OTP) and gets a yes may then
make exactly that call once: the approval is a one-time grant for the same action and the
resource fields it named, spent in the attempt's own transaction."""
import threading
from datetime import timedelta

from otp.core import clock
from otp.core.errors import ApprovalRequired
from otp.work import todos
from tests.agentface.kit import call, world
from tests.governance_runtime.kit import as_agent


def ask_and_approve(org, w, seat_id: str) -> str:
    asked = call(org, w.token, "request_approval", action="todo.create", owner_seat_id=seat_id,
                 question="May I put a follow-up on the lead's list?")
    assert asked["status"] == "approval_required", asked
    approval_id = asked["approval"]["approval_id"]
    org.ok("POST", f"/api/v1/approvals/{approval_id}/approve", {}, token=org.token_for(person=w.human))
    return approval_id


def test_after_the_yes_the_agent_makes_the_call_once_and_the_next_one_asks_again(org):
    w = world(org, level=3)  # level 3 creates to-dos on its own seat only
    approval_id = ask_and_approve(org, w, w.lead["id"])
    done = call(org, w.token, "create_todo", title="Follow up with the supplier", owner_seat_id=w.lead["id"])
    assert done["status"] == "done" and done["result"]["owner_seat_id"] == w.lead["id"]
    created = org.events("todo.created")[-1]
    assert (created.actor_id, created.entity_id) == (w.agent["id"], done["result"]["id"])
    used = org.events("approval.used")[-1]
    assert (used.entity_id, used.actor_id, used.payload["action"]) == (approval_id, w.agent["id"], "todo.create")
    again = call(org, w.token, "create_todo", title="And another one", owner_seat_id=w.lead["id"])
    assert again["status"] == "approval_required" and again["approval"]["approval_id"] != approval_id


def test_a_grant_covers_only_the_fields_it_named(org):
    w = world(org, level=3)
    ask_and_approve(org, w, w.lead["id"])
    elsewhere = call(org, w.token, "create_todo", title="On the CEO's list", owner_seat_id=w.root["id"])
    assert elsewhere["status"] == "approval_required"
    assert call(org, w.token, "create_todo", title="On the lead's list", owner_seat_id=w.lead["id"])["status"] == "done"


def test_an_old_yes_never_overrides_a_deny_and_stays_unspent(org):
    w = world(org, level=3)
    ask_and_approve(org, w, w.lead["id"])
    org.ok("PATCH", "/api/v1/governance/policy",
           {"hard_deny": [{"id": "no-todos", "actions": ["todo.create"], "reason": "Frozen this week"}]})
    denied = call(org, w.token, "create_todo", title="Anyway", owner_seat_id=w.lead["id"])
    assert denied["status"] == "denied" and denied["denied"]["rule"] == "hard_deny:no-todos"
    assert not org.events("approval.used")


def test_a_grant_lapses_after_the_configured_hours(org):
    w = world(org, level=3)
    ask_and_approve(org, w, w.lead["id"])
    clock.freeze(clock.now() + timedelta(hours=73))  # the default is 72 hours; the suite resets the clock
    late = call(org, w.token, "create_todo", title="Too late", owner_seat_id=w.lead["id"])
    assert late["status"] == "approval_required" and not org.events("approval.used")


def test_two_concurrent_attempts_spend_one_grant_once(org):
    w = world(org, level=3)
    ask_and_approve(org, w, w.lead["id"])
    agent = as_agent(org.db, w.agent["id"])
    results, barrier = [], threading.Barrier(2)

    def attempt(n: int) -> None:
        barrier.wait()
        try:
            with org.db.write() as s:
                todos.create_todo(s, agent, title=f"Attempt {n}", owner_seat_id=w.lead["id"])
            results.append("done")
        except ApprovalRequired:
            results.append("held")
    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["done", "held"]
    assert len(org.events("todo.created")) == 1 and len(org.events("approval.used")) == 1


def test_the_approver_reads_exactly_what_a_yes_lets_the_agent_do(org):
    w = world(org, level=3)
    approval_id = ask_and_approve(org, w, w.lead["id"])
    approval = org.ok("GET", f"/api/v1/approvals/{approval_id}")
    assert approval["asked"].startswith("May I put a follow-up on the lead's list?")
    assert f"may do todo.create once, for owner_seat_id {w.lead['id']}, within 72 hours" in approval["asked"]
    # The one line names the seat, not its id, in the same words.
    assert "“May I put a follow-up on the lead's list?”" in approval["question"]
    assert f"may do it once, for the seat {w.lead['title']}, within 72 hours" in approval["question"]


def test_asking_for_any_target_at_all_is_refused_naming_the_field(org):
    w = world(org, level=3)
    before = org.event_count()
    answer = call(org, w.token, "request_approval", action="todo.create", question="May I add a to-do somewhere?")
    assert answer.get("is_error") and "owner_seat_id" in answer["text"] and org.event_count() == before


def test_asking_again_for_another_target_is_another_request(org):
    w = world(org, level=3)
    first = call(org, w.token, "request_approval", action="todo.create", owner_seat_id=w.lead["id"], question="Lead?")
    again = call(org, w.token, "request_approval", action="todo.create", owner_seat_id=w.lead["id"], question="Lead?")
    other = call(org, w.token, "request_approval", action="todo.create", owner_seat_id=w.root["id"], question="CEO?")
    ids = [a["approval"]["approval_id"] for a in (first, again, other)]
    assert ids[0] == ids[1] and ids[2] != ids[0]
