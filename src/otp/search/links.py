"""Where each kind of result lives on the web pages (the REST and MCP answers carry it too, so an
agent can hand a person a link)."""
from __future__ import annotations


def url_of(kind: str, ref_id: str, parent_id: str | None = None) -> str:
    if kind == "seat":
        return f"/chart/seats/{ref_id}"
    if kind == "person":
        return f"/people/{ref_id}"
    if kind == "agent":
        return f"/agents/{ref_id}"
    if kind in ("rock", "outcome"):
        return f"/rocks/{ref_id}"
    if kind == "measurable":
        return f"/scorecard#m-{ref_id}"
    if kind == "issue":
        return f"/issues#{ref_id}"
    if kind == "todo":
        return f"/todos#{ref_id}"
    if kind == "headline":
        return f"/meetings/{parent_id}" if parent_id else "/meetings"
    if kind == "sop":
        return f"/sops/{ref_id}"
    return f"/meetings/{ref_id}"  # meeting
