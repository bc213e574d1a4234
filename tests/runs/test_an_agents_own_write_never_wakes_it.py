"""An agent woken by its own write is a loop: its writes never wake it, a person's do."""
from tests.runs.kit import QUICK, crew, settle


def test_an_agents_own_todo_does_not_wake_it_and_a_persons_does(org):
    c = crew(org, level=3)
    c.script(QUICK)
    token = org.token_for(agent=c.agent)
    org.ok("POST", "/api/v1/todos", {"title": "Note to self", "owner_seat_id": c.seat["id"]}, token=token, status=201)
    settle()
    assert c.step() == 0 and c.runs() == []
    c.todo("From a person")
    assert c.step() == 1
    [run] = c.finished()
    assert run.reason == "event:todo.created"
