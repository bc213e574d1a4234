"""What an import would do and what is wrong with the file: plain data shared by every face."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from otp.core.errors import Invalid


@dataclass(frozen=True)
class LineError:
    line: int  # the file's line number (the header is line 1)
    column: str  # the column as the file names it
    message: str

    def as_dict(self) -> dict:
        return {"line": self.line, "column": self.column, "message": self.message}

    def __str__(self) -> str:
        return f"line {self.line}, column {self.column}: {self.message}"


@dataclass
class Step:
    """One thing the import creates, changes or leaves alone. `run(session, actor, ctx)` does it
    through a service; `column` maps a service's error field to the column it came from."""
    line: int
    what: str  # person, agent, seat, measurable, value, rock, issue, to-do
    op: str  # create, update, unchanged, skip
    label: str
    detail: str = ""
    run: Callable | None = None
    columns: dict = field(default_factory=dict)  # service error field -> file column
    default_column: str = ""

    def as_dict(self) -> dict:
        return {"line": self.line, "what": self.what, "op": self.op, "label": self.label, "detail": self.detail}


@dataclass
class Plan:
    kind: str
    format: str
    steps: list[Step] = field(default_factory=list)
    errors: list[LineError] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    rows: int = 0

    def error(self, line: int, column: str, message: str) -> None:
        self.errors.append(LineError(line, column, message))

    def add(self, step: Step) -> Step:
        self.steps.append(step)
        return step

    def counts(self) -> dict:
        out: dict[str, dict[str, int]] = {}
        for s in self.steps:
            out.setdefault(s.what, {}).setdefault(s.op, 0)
            out[s.what][s.op] += 1
        return out

    def as_dict(self) -> dict:
        errors = sorted(self.errors, key=lambda e: (e.line, e.column))
        return {"kind": self.kind, "format": self.format, "rows": self.rows, "ok": not errors,
                "counts": self.counts(), "steps": [s.as_dict() for s in self.steps],
                "errors": [e.as_dict() for e in errors], "ignored_columns": self.ignored_columns}


class ImportRefused(Invalid):
    """The file has errors: nothing was written. `errors` names each line and column."""

    def __init__(self, errors: list[LineError]):
        errors = sorted(errors, key=lambda e: (e.line, e.column))
        first = errors[0]
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        super().__init__(f"import refused, nothing written: {first}{more}", field=first.column)
        self.errors = errors

    def as_dict(self) -> dict:
        return {**super().as_dict(), "errors": [e.as_dict() for e in self.errors]}
