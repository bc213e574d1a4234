"""IDS in the meeting: identify and discuss an issue (with notes), and solve it with to-dos that
have owners and are due in 7 days (the work domain's solve_issue creates them)."""
from __future__ import annotations

from sqlalchemy.orm import Session

from otp.auth.actor import Actor
from otp.core import validate
from otp.core.errors import Conflict, Invalid
from otp.events.service import record
from otp.meetings import items
from otp.meetings.common import bump, gate, running
from otp.work import issue_flow
from otp.work.common import id_like
from otp.work.issues import get_issue
from otp.work.todos import check_todo

MAX_TODOS = 10


def ids_issue(session: Session, actor: Actor, *, meeting_id: str, issue_id: str, notes: str = "",
              solution: str = "", todos: list[dict] | None = None) -> dict:
    """Discuss (notes) and, when a solution is given, solve. Each to-do is {title, owner_seat_id?,
    due_at?}; without an owner it goes to the issue's owner seat, without a due date in 7 days."""
    notes = validate.text("notes", notes, max_len=10_000, required=False)
    solution = validate.text("solution", solution, max_len=10_000, required=False)
    if not id_like(issue_id):
        raise Invalid("issue_id must be an issue id", field="issue_id")
    meeting = running(session, actor, meeting_id)
    issue = get_issue(session, actor, issue_id)
    if issue.state in ("solved", "dropped"):
        raise Conflict(f"this issue is already {issue.state}", field="issue_id")
    if todos is not None and (not isinstance(todos, list) or len(todos) > MAX_TODOS):
        raise Invalid(f"todos is a list of at most {MAX_TODOS} to-dos", field="todos")
    if todos and not solution:
        raise Invalid("to-dos come with a solution", field="solution")
    for i, item in enumerate(todos or []):
        if not isinstance(item, dict) or set(item) - {"title", "owner_seat_id", "due_at"}:
            raise Invalid("each to-do is {title, owner_seat_id?, due_at?}", field=f"todos.{i}")
        check_todo(session, actor, title=item.get("title"),
                   owner_seat_id=item.get("owner_seat_id") or issue.owner_seat_id,
                   due_at=item.get("due_at"), field_prefix=f"todos.{i}.")
    args = {"meeting_id": meeting.id, "issue_id": issue.id, "notes": notes, "solution": solution,
            "todos": todos or None}
    gate(session, actor, "ids", args, meeting.id)
    for state in ("identified", "discussed"):
        if issue.state != state and state in issue_flow.TRANSITIONS[issue.state]:
            issue_flow.transition_issue(session, actor, issue.id, state)
    created = []
    if solution:
        issue, created = issue_flow.solve_issue(session, actor, issue_id=issue.id, solution=solution,
                                                todos=[{k: v for k, v in t.items() if v} for t in todos or []] or None)
        for todo in created:
            items.put(session, actor, meeting.id, "todo_created", "todo", todo.id, {"title": todo.title})
    previous = next((i.data for i in items.of(session, meeting.id, "ids") if i.entity_id == issue.id), {})
    data = {"title": issue.title, "state": issue.state, "notes": notes or previous.get("notes", ""),
            "solution": issue.solution, "todo_ids": previous.get("todo_ids", []) + [t.id for t in created]}
    items.put(session, actor, meeting.id, "ids", "issue", issue.id, data)
    bump(session, meeting)
    record(session, actor, "meeting.issue_worked", "meeting", meeting.id,
           {"issue_id": issue.id, "state": issue.state, "todo_ids": [t.id for t in created]})
    return data
