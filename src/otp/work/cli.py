"""otp outcomes | issues | todos: read the lists (--json) and make the common changes.

Writes run as the organization's first owner (the operator at the machine), through the same
services as every other face."""
from __future__ import annotations

from typing import Annotated, Callable

import typer

from otp.cli.common import DatabaseUrl, Json, OrgSlug, emit, open_db, owner_actor, pick_org, run

Seat = Annotated[str, typer.Option("--seat", help="Owner seat id")]


def _group(name: str, help_text: str, lister: Callable) -> typer.Typer:
    group = typer.Typer(name=name, help=help_text, no_args_is_help=False)

    @group.callback(invoke_without_command=True)
    def main(ctx: typer.Context, org: OrgSlug = None, as_json: Json = False, database_url: DatabaseUrl = None):
        if ctx.invoked_subcommand is None:
            lister(org, as_json, database_url)
    return group


def _read(org: str | None, database_url: str | None, fn: Callable):
    db = open_db(database_url)
    with db.read() as s:
        organization = pick_org(s, org)
        return run(lambda: fn(s, owner_actor(s, organization)))


def _write(org: str | None, database_url: str | None, fn: Callable):
    db = open_db(database_url)

    def go():
        with db.write() as s:
            return fn(s, owner_actor(s, pick_org(s, org)))
    return run(go)


# --- outcomes ---------------------------------------------------------------------------------
def _list_outcomes(org, as_json, database_url):
    from otp.work.outcomes import list_outcomes
    from otp.work.views import outcome_views
    rows = _read(org, database_url, lambda s, a: [o.model_dump(mode="json")
                                                  for o in outcome_views(s, list_outcomes(s, a, limit=200)[0])])
    emit(rows, as_json, "\n".join(f"{o['id']}  [{o['status']}] {o['kind']} {o['quarter'] or o['due_date'] or ''}  "
                                  f"{o['title']}" for o in rows) or "(no outcomes yet)")


outcomes_app = _group("outcomes", "Outcomes and rocks: list, add, set status.", _list_outcomes)


@outcomes_app.command("add")
def outcome_add(title: str, seat: Seat, dod: Annotated[str, typer.Option("--dod", help="Definition of done")],
                kind: str = "rock", quarter: str | None = None, org: OrgSlug = None,
                database_url: DatabaseUrl = None) -> None:
    """Add an outcome (a rock for the current quarter unless --kind/--quarter say otherwise)."""
    from otp.work.outcomes import create_outcome
    out = _write(org, database_url, lambda s, a: create_outcome(s, a, title=title, definition_of_done=dod,
                                                                 owner_seat_id=seat, kind=kind, quarter=quarter).id)
    typer.echo(out)


@outcomes_app.command("status")
def outcome_status(outcome_id: str, status: str, note: Annotated[str, typer.Option("--note")] = "",
                   org: OrgSlug = None, database_url: DatabaseUrl = None) -> None:
    """Set an outcome's status (not_started, on_track, off_track, done, dropped)."""
    from otp.work.outcome_status import set_status
    result = _write(org, database_url, lambda s, a: set_status(s, a, outcome_id=outcome_id, status=status,
                                                                note=note).status)
    typer.echo(f"{outcome_id}: {result}")


# --- issues -----------------------------------------------------------------------------------
def _list_issues(org, as_json, database_url):
    from otp.work.issues import list_issues
    from otp.work.views import issue_views
    rows = _read(org, database_url, lambda s, a: [i.model_dump(mode="json")
                                                  for i in issue_views(s, a.org_id, list_issues(s, a, limit=200)[0])])
    emit(rows, as_json, "\n".join(f"{'*' if i['top'] else ' '} {_rank(i):>4} {i['id']}  [{i['state']}] "
                                  f"{i['title']}  ({i['source']})" for i in rows) or "(no issues)")


def _rank(issue: dict) -> str:
    # Solved and dropped issues keep their last rank value, which no longer means a place in line.
    return f"{issue['priority']}." if issue["state"] in ("open", "identified", "discussed") else "-"


issues_app = _group("issues", "The issues list (IDS): list, raise, move, solve.", _list_issues)


@issues_app.command("raise")
def issue_raise(title: str, seat: Seat, details: str = "", org: OrgSlug = None,
                database_url: DatabaseUrl = None) -> None:
    from otp.work.issues import raise_issue
    typer.echo(_write(org, database_url, lambda s, a: raise_issue(s, a, title=title, owner_seat_id=seat,
                                                                   details=details)[0].id))


@issues_app.command("move")
def issue_move(issue_id: str, state: str, org: OrgSlug = None, database_url: DatabaseUrl = None) -> None:
    """Move an issue to its next IDS state (identified, discussed, dropped)."""
    from otp.work.issue_flow import transition_issue
    typer.echo(f"{issue_id}: {_write(org, database_url, lambda s, a: transition_issue(s, a, issue_id, state).state)}")


@issues_app.command("solve")
def issue_solve(issue_id: str, solution: str,
                todo: Annotated[list[str] | None, typer.Option("--todo", help="A to-do for the owner")] = None,
                org: OrgSlug = None, database_url: DatabaseUrl = None) -> None:
    from otp.work.issue_flow import solve_issue
    made = _write(org, database_url, lambda s, a: [t.id for t in solve_issue(
        s, a, issue_id=issue_id, solution=solution, todos=[{"title": t} for t in todo or []] or None)[1]])
    typer.echo(f"{issue_id}: solved" + (f"; to-dos {', '.join(made)}" if made else ""))


# --- to-dos -----------------------------------------------------------------------------------
def _list_todos(org, as_json, database_url):
    from otp.work.todos import list_todos
    from otp.work.views import todo_view
    rows = _read(org, database_url, lambda s, a: [todo_view(t).model_dump(mode="json")
                                                  for t in list_todos(s, a, done=False, limit=200)[0]])
    emit(rows, as_json, "\n".join(f"{t['id']}  due {t['due_at'][:10]}{' OVERDUE' if t['overdue'] else ''}  "
                                  f"{t['title']}" for t in rows) or "(no open to-dos)")


todos_app = _group("todos", "Open to-dos: list, add, mark done.", _list_todos)


@todos_app.command("add")
def todo_add(title: str, seat: Seat, due: Annotated[str | None, typer.Option("--due", help="ISO time")] = None,
             org: OrgSlug = None, database_url: DatabaseUrl = None) -> None:
    from otp.work.todos import create_todo
    typer.echo(_write(org, database_url, lambda s, a: create_todo(s, a, title=title, owner_seat_id=seat,
                                                                   due_at=due).id))


@todos_app.command("done")
def todo_done(todo_id: str, org: OrgSlug = None, database_url: DatabaseUrl = None) -> None:
    from otp.work.todos import complete_todo
    _write(org, database_url, lambda s, a: complete_todo(s, a, todo_id=todo_id))
    typer.echo(f"{todo_id}: done")


def register(app: typer.Typer) -> None:
    app.add_typer(outcomes_app, name="outcomes")
    app.add_typer(issues_app, name="issues")
    app.add_typer(todos_app, name="todos")
