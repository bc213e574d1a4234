"""Working an issue: edit it, move it through IDS, rank it, solve it (with to-dos)."""
from __future__ import annotations

from sqlalchemy.orm import Session

from otp.auth.actor import Actor
from otp.governance.authz import require
from otp.commands import command
from otp.core import clock, validate
from otp.core.errors import Conflict, Invalid
from otp.core.types import iso
from otp.events.service import record
from otp.inbox import mentions
from otp.work.common import seat_in_org, serialize_org
from otp.work.issues import ACTIVE_STATES, get_issue, place, what
from otp.work.models import ISSUE_STATES, Issue, Todo
from otp.work.todos import check_todo, insert_todo

# Identify, discuss, solve — in that order; dropping is possible until solved.
TRANSITIONS = {
    "open": ("identified", "dropped"),
    "identified": ("discussed", "dropped"),
    "discussed": ("solved", "dropped"),
    "solved": (),
    "dropped": (),
}
EDITABLE = ("title", "details", "owner_seat_id")
MAX_TODOS = 20


def _allowed(state: str) -> str:
    return ", ".join(TRANSITIONS[state]) or "nothing (it is final)"


def _clean_changes(session: Session, actor: Actor, changes) -> dict:
    if changes is None:
        return {}
    if not isinstance(changes, dict):
        raise Invalid("changes must be an object", field="changes")
    clean = {}
    for key, value in changes.items():
        if key == "title":
            clean[key] = validate.text("title", value)
        elif key == "details":
            clean[key] = validate.text("details", value, max_len=10_000, required=False)
        elif key == "owner_seat_id":
            clean[key] = seat_in_org(session, actor, value, "owner_seat_id").id
        else:
            raise Invalid(f"unknown or read-only field {key!r}; editable: {', '.join(EDITABLE)}", field=key)
    return clean


@command("issue.update")
def update_issue(session: Session, actor: Actor, *, issue_id: str, changes: dict | None = None,
                 state: str | None = None, position: int | None = None) -> Issue:
    """Edit fields, move to another IDS state (not solved: see solve_issue), or move to a rank."""
    serialize_org(session, actor.org_id)  # ranks are renumbered under the org lock
    issue = get_issue(session, actor, issue_id, lock=True)
    clean = _clean_changes(session, actor, changes)
    if state is not None:
        validate.choice("state", state, ISSUE_STATES)
        if state == "solved":
            raise Conflict("solve an issue with POST /api/v1/issues/{id}/solve and a solution", field="state")
        if state != issue.state and state not in TRANSITIONS[issue.state]:
            raise Conflict(f"an issue in state {issue.state!r} can move to: {_allowed(issue.state)}", field="state")
    if position is not None:
        validate.integer("position", position, low=1, high=1_000_000)
        if issue.state not in ACTIVE_STATES and state in (None, issue.state):
            raise Conflict(f"only open, identified or discussed issues are ranked; this one is {issue.state}",
                           field="position")
    payload = {"issue_id": issue.id, "changes": clean or None, "state": state, "position": position}
    require(session, actor, "issue.update", {"type": "issue", "id": issue.id, "owner_seat_id": issue.owner_seat_id},
            payload=payload)
    changed = {k: v for k, v in clean.items() if getattr(issue, k) != v}
    if changed:
        before = [issue.title, issue.details]
        for key, value in changed.items():
            setattr(issue, key, value)
        record(session, actor, "issue.updated", "issue", issue.id, changed)
        # Only the mentions an edit adds: saving again never re-notifies.
        mentions.notify(session, actor, [changed.get("title"), changed.get("details")], link_type="issue",
                        link_id=issue.id, what=what(issue), before=before)
    if state is not None and state != issue.state:
        previous, issue.state = issue.state, state
        record(session, actor, "issue.transitioned", "issue", issue.id, {"from": previous, "to": state})
    if position is not None and issue.state in ACTIVE_STATES:
        before = issue.priority
        order = place(session, actor.org_id, issue, position)
        if issue.priority != before:
            record(session, actor, "issue.reordered", "issue", issue.id,
                   {"position": issue.priority, "order": order})
    return issue


def transition_issue(session: Session, actor: Actor, issue_id: str, state: str) -> Issue:
    return update_issue(session, actor, issue_id=issue_id, state=state)


def reorder_issue(session: Session, actor: Actor, issue_id: str, position: int) -> Issue:
    return update_issue(session, actor, issue_id=issue_id, position=position)


@command("issue.solve")
def solve_issue(session: Session, actor: Actor, *, issue_id: str, solution: str,
                todos: list[dict] | None = None) -> tuple[Issue, list[Todo]]:
    """Record the solution; each item of `todos` ({title, owner_seat_id?, due_at?}) becomes a to-do
    from this issue, in the same transaction. A to-do without a seat goes to the issue's owner."""
    serialize_org(session, actor.org_id)
    issue = get_issue(session, actor, issue_id, lock=True)
    solution = validate.text("solution", solution, max_len=10_000)
    if todos is not None and (not isinstance(todos, list) or len(todos) > MAX_TODOS):
        raise Invalid(f"todos must be a list of at most {MAX_TODOS} to-dos", field="todos")
    if issue.state != "discussed":
        raise Conflict(f"an issue is solved once discussed; this one is {issue.state!r} and can move to: "
                       f"{_allowed(issue.state)}", field="state")
    cleaned = []
    for i, item in enumerate(todos or []):
        if not isinstance(item, dict) or set(item) - {"title", "owner_seat_id", "due_at"}:
            raise Invalid("each to-do is {title, owner_seat_id?, due_at?}", field=f"todos.{i}")
        cleaned.append(check_todo(session, actor, title=item.get("title"),
                                  owner_seat_id=item.get("owner_seat_id") or issue.owner_seat_id,
                                  due_at=item.get("due_at"), source="issue", linked_type="issue",
                                  linked_id=issue.id, field_prefix=f"todos.{i}."))
    payload = {"issue_id": issue.id, "solution": solution,
               "todos": [{"title": c["title"], "owner_seat_id": c["owner_seat_id"], "due_at": iso(c["due_at"])}
                         for c in cleaned] or None}
    require(session, actor, "issue.solve", {"type": "issue", "id": issue.id, "owner_seat_id": issue.owner_seat_id},
            payload=payload)
    issue.state, issue.solution, issue.solved_at = "solved", solution, clock.now()
    created = [insert_todo(session, actor, c) for c in cleaned]
    record(session, actor, "issue.solved", "issue", issue.id,
           {"solution": solution, "todo_ids": [t.id for t in created]})
    mentions.notify(session, actor, [solution], link_type="issue", link_id=issue.id,
                    what=f"the solution of {what(issue)}")
    return issue, created
