"""otp scorecard: print the grid; otp scorecard report MEASURABLE VALUE: report a value."""
from __future__ import annotations

from typing import Annotated

import typer

from otp.cli.common import DatabaseUrl, Json, OrgSlug, emit, open_db, owner_actor, pick_org, run

app = typer.Typer(name="scorecard", invoke_without_command=True, no_args_is_help=False,
                  help="The scorecard: measurables × the last periods, and reporting values.")

MARK = {True: "+", False: "-", None: "."}
TREND = {"up": "↑", "down": "↓", "flat": "→", None: " "}


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="scorecard")


@app.callback()
def scorecard(ctx: typer.Context, org: OrgSlug = None, as_json: Json = False,
              periods: Annotated[int, typer.Option("--periods", min=1, max=104, help="How many periods")] = 13,
              database_url: DatabaseUrl = None) -> None:
    """Print the scorecard grid: + on target, - off target, . no value."""
    if ctx.invoked_subcommand is not None:
        return
    from otp.scorecard.view import scorecard as build
    db = open_db(database_url)
    with db.read() as s:
        actor = owner_actor(s, pick_org(s, org))
        data = run(lambda: build(s, actor, periods=periods))
    if as_json:
        emit(data, True)
        return
    typer.echo(render(data))


def render(data: dict) -> str:
    if not data["groups"]:
        return "(no measurables yet)"
    lines = [f"weeks from {data['periods']['weekly'][0]} to {data['periods']['weekly'][-1]}"]
    for group in data["groups"]:
        seat, occ = group["seat"], (group["seat"] or {}).get("occupant")
        who = "" if occ is None else f" — {occ['name']}" + (" [agent]" if occ["kind"] == "agent" else "")
        lines.append(f"\n{seat['title'] if seat else '(no owner)'}{who}")
        for row in group["measurables"]:
            target = f"{row['comparator']} {_num(row['target'])}" + (
                f"–{_num(row['target_max'])}" if row["comparator"] == "between" else "")
            cells = "".join(MARK[c["on_target"]] for c in row["cells"])
            last = next((c["value"] for c in reversed(row["cells"]) if c["value"] is not None), None)
            forecast = "" if row["forecast"] is None else f"  next≈{_num(row['forecast'])}"
            lines.append(f"  {row['title'][:32]:<32} {target:<14} {cells}  {TREND[row['trend']]} "
                         f"last {_num(last)}{' ' + row['unit'] if row['unit'] else ''}{forecast}")
    return "\n".join(lines)


def _num(value) -> str:
    return "—" if value is None else f"{value:,.4g}" if abs(value) < 1e4 else f"{value:,.0f}"


@app.command("report")
def report(measurable: Annotated[str, typer.Argument(help="Measurable id or key")],
           value: Annotated[float, typer.Argument(help="The value for the period")],
           period: Annotated[str | None, typer.Option("--period", help="Any day in the period (YYYY-MM-DD); default today")] = None,
           note: Annotated[str, typer.Option("--note", help="A note kept with the value")] = "",
           org: OrgSlug = None, as_json: Json = False, database_url: DatabaseUrl = None) -> None:
    """Report VALUE for MEASURABLE in the period containing --period (replaces an earlier value)."""
    from otp.scorecard import entries, measurables
    db = open_db(database_url)

    def write():
        with db.write() as s:
            actor = owner_actor(s, pick_org(s, org))
            m = measurables.by_id_or_key(s, actor, measurable)
            entry = entries.report(s, actor, measurable_id=m.id, value=value, period=period, note=note,
                                   source="manual")
            return m.title, entries.entry_dict(m, entry)

    title, data = run(write)
    mark = {True: "on target", False: "OFF target", None: ""}[data["on_target"]]
    emit(data, as_json, f"{title}: {_num(data['value'])} for the period of {data['period']} "
                        f"(version {data['version']}) {mark}".rstrip())
