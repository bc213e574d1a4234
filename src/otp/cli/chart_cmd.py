"""otp chart."""
from __future__ import annotations

import typer

from otp.cli.common import DatabaseUrl, Json, OrgSlug, emit, open_db, pick_org


def register(app: typer.Typer) -> None:
    app.command("chart")(chart)


def chart(org: OrgSlug = None, as_json: Json = False, database_url: DatabaseUrl = None) -> None:
    """Print the accountability chart (humans, agents, vacancies)."""
    from otp.org.chart_read import chart_rows
    db = open_db(database_url)
    with db.read() as s:
        organization = pick_org(s, org)
        rows = chart_rows(s, organization.id)
    if as_json:
        emit({"seats": rows}, True)
        return
    depth: dict[str | None, int] = {None: -1}
    lines = []
    for row in rows:
        depth[row["id"]] = depth[row["parent_id"]] + 1
        occ = row["occupant"]
        who = "VACANT" if occ is None else (f"{occ['name']} [agent L{occ['level']}]" if occ["kind"] == "agent"
                                            else f"{occ['name']} [human]")
        lines.append("  " * depth[row["id"]] + f"- {row['title']}: {who}")
    typer.echo("\n".join(lines) if lines else "(no seats yet)")
