"""The column layouts each format uses, per kind of import: our column key -> the header names
that mean it. OTP's own layout (`csv`) also accepts the obvious synonyms.

What the public help pages of Ninety and Bloom Growth document, and what is inferred, is written
in the README (section "Import"). In short: neither tool publishes the columns of its exports.
Ninety documents a CSV template for importing users (with a "Role" column) and exports the
Accountability Chart only as a PDF; Bloom Growth documents the fields of its screens (Position
Title, Supervisor, Roles; Metric goal and frequency; To-do, Issue, Rock with owner and due date).
The Ninety and Bloom layouts below use the names those tools show on screen for each field.
"""
from __future__ import annotations

KINDS = ("chart", "scorecard", "rocks", "issues", "todos")
FORMATS = ("csv", "ninety", "bloom")

_OURS = {
    "chart": {
        "seat": ("seat title", "title", "position"),
        "reports_to": ("reports to", "reports-to", "parent", "parent seat"),
        "holder": ("holder name", "name", "person", "occupant"),
        "email": ("holder email", "e-mail"),
        "agent": ("agent name",),
        "role": ("access", "membership"),
        "purpose": ("description",),
        "responsibilities": ("roles", "roles and responsibilities", "accountabilities"),
    },
    "scorecard": {
        "title": ("measurable", "name", "metric", "kpi"),
        "owner": ("owner seat", "who", "accountable"),
        "target": ("goal",),
        "comparator": ("goal rule", "operator"),
        "unit": ("units",),
        "cadence": ("frequency",),
        "description": ("details",),
    },
    "rocks": {
        "title": ("rock", "name"),
        "owner": ("owner seat", "who"),
        "quarter": (),
        "due": ("due date", "due_date"),
        "status": (),
        "description": ("details",),
        "done_definition": ("definition of done", "definition_of_done"),
    },
    "issues": {
        "title": ("issue", "name"),
        "owner": ("owner seat", "who"),
        "details": ("description",),
        "priority": ("rank",),
        "status": ("state",),
    },
    "todos": {
        "title": ("to-do", "todo", "name"),
        "owner": ("owner seat", "who"),
        "due": ("due date", "due_date"),
        "status": ("done", "completed", "complete"),
    },
}

_NINETY = {
    "chart": {
        "seat": ("seat name", "seat"),
        "reports_to": ("reports to", "parent seat", "manager seat"),
        "holder": ("user", "users", "assigned user", "seat holder"),
        "email": ("user email", "email address"),
        "agent": (),
        "role": ("user role",),
        "purpose": ("seat description", "description"),
        "responsibilities": ("roles & responsibilities", "roles and responsibilities", "roles"),
    },
    "scorecard": {
        "title": ("measurable", "title", "kpi"),
        "owner": ("owner",),
        "target": ("goal",),
        "comparator": ("goal operator",),
        "unit": ("units",),
        "cadence": ("scorecard", "period"),
        "description": ("description",),
    },
    "rocks": {
        "title": ("rock", "title"),
        "owner": ("owner",),
        "quarter": (),
        "due": ("due date",),
        "status": ("status",),
        "description": ("description",),
        "done_definition": (),
    },
    "issues": {
        "title": ("issue", "title"),
        "owner": ("owner",),
        "details": ("description",),
        "priority": ("priority", "rank"),
        "status": ("status",),
    },
    "todos": {
        "title": ("to-do", "title"),
        "owner": ("owner",),
        "due": ("due date",),
        "status": ("status", "completed"),
    },
}

_BLOOM = {
    "chart": {
        "seat": ("position title", "position", "function"),
        "reports_to": ("supervisor position", "reports to position", "supervisor seat"),
        "holder": ("user", "name", "full name"),
        "email": ("email address",),
        "agent": (),
        "role": (),
        "purpose": ("description",),
        "responsibilities": ("roles", "responsibilities"),
    },
    "scorecard": {
        "title": ("metric", "measurable", "title"),
        "owner": ("owner", "accountable user"),
        "target": ("goal",),
        "comparator": ("goal direction", "direction"),
        "unit": ("units",),
        "cadence": ("metric frequency", "frequency"),
        "description": ("details",),
    },
    "rocks": {
        "title": ("rock", "title"),
        "owner": ("owner", "accountable user"),
        "quarter": (),
        "due": ("due date",),
        "status": ("status", "completion"),
        "description": ("details", "description"),
        "done_definition": (),
    },
    "issues": {
        "title": ("issue", "title"),
        "owner": ("owner", "accountable user"),
        "details": ("details", "description"),
        "priority": ("priority", "rank"),
        "status": ("status",),
    },
    "todos": {
        "title": ("to-do", "todo", "title"),
        "owner": ("owner", "accountable user"),
        "due": ("due date",),
        "status": ("status", "complete", "completed"),
    },
}

LAYOUTS = {"csv": _OURS, "ninety": _NINETY, "bloom": _BLOOM}
REQUIRED = {"chart": ("seat",), "scorecard": ("title", "owner", "target"), "rocks": ("title", "owner"),
            "issues": ("title", "owner"), "todos": ("title", "owner")}


def aliases(kind: str, fmt: str) -> dict[str, tuple[str, ...]]:
    return LAYOUTS[fmt][kind]


def columns(kind: str, fmt: str) -> list[tuple[str, str, bool]]:
    """(key, the header a file of this format uses, required) — for help texts and the README."""
    out = []
    for key, names in aliases(kind, fmt).items():
        shown = key if fmt == "csv" else (names[0] if names else key)
        out.append((key, shown, key in REQUIRED[kind]))
    return out
