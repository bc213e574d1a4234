"""REST shapes for imports."""
from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from otp.imports.layouts import FORMATS, KINDS
from otp.imports.table import MAX_BYTES

Kind = Literal[KINDS]  # type: ignore[valid-type]
Format = Literal[FORMATS]  # type: ignore[valid-type]


class ImportRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: Kind = Field(description="What the file holds: chart (people, agents, seats), scorecard (measurables "
                                   "with history), rocks, issues or todos")
    format: Format = Field("csv", description="csv (OTP's columns), ninety or bloom (their export layouts)")
    csv: str = Field(min_length=1, max_length=MAX_BYTES, pattern=r"^[^\x00]*$",
                     description="The file's text, header line first")


class StepOut(BaseModel):
    line: int
    what: str
    op: str = Field(description="create, update, unchanged or skip")
    label: str
    detail: str


class LineErrorOut(BaseModel):
    line: int = Field(description="Line of the file (the header is line 1)")
    column: str = Field(description="The column, as the file names it")
    message: str


class ImportOut(BaseModel):
    kind: str
    format: str
    rows: int
    ok: bool = Field(description="True when the file has no errors (confirming would write it)")
    counts: dict[str, dict[str, int]] = Field(description="what → op → how many")
    steps: list[StepOut]
    errors: list[LineErrorOut]
    ignored_columns: list[str] = Field(description="Columns this import does not read")


class RefusedBody(BaseModel):
    code: str
    message: str
    field: str | None = None
    # present when lines of the file were refused; a malformed request body has none
    errors: list[LineErrorOut] = []


class RefusedOut(BaseModel):
    error: RefusedBody
