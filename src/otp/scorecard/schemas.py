"""REST shapes for the scorecard (pydantic; separate from the ORM models)."""
from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, BeforeValidator, Field
from typing_extensions import Annotated

from otp.org.schemas import NO_NUL, Id, Int, Str, Strict, Text
from otp.scorecard.definition import MAX_ABS
from otp.scorecard.formula import MAX_LENGTH
from otp.scorecard.models import CADENCES, COMPARATORS, Measurable

# strict: JSON numbers only (no "12" strings, no booleans); bounded so sums stay finite.
Number = Annotated[float, Field(strict=True, ge=-MAX_ABS, le=MAX_ABS, allow_inf_nan=False)]
Comparator = Literal[COMPARATORS]  # type: ignore[valid-type]
Cadence = Literal[CADENCES]  # type: ignore[valid-type]
Key = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{0,39}$")]
# A unit is a short single line (the service checks it with otp.core.validate.text, which refuses
# what makes a line read differently from what it is); the schema publishes that rule, as Str does.
Unit = Str(32)
# No NUL: the services refuse it (PostgreSQL text cannot hold one), so the schema says so too.
Formula = Annotated[str, Field(max_length=MAX_LENGTH, pattern=NO_NUL)]
Description = Annotated[str, Field(max_length=2000, pattern=NO_NUL)]
Note = Annotated[str, Field(max_length=2000, pattern=NO_NUL)]
Position = Int(0, 1_000_000)


def _date_text(value):
    # Lax pydantic would also take a number of seconds; the schema says a date string.
    if not isinstance(value, (str, date)):
        raise ValueError("must be a date string, YYYY-MM-DD")
    return value


Period = Annotated[date, BeforeValidator(_date_text)]


class MeasurableCreate(Strict):
    title: Text
    owner_seat_id: Id
    target: Number
    comparator: Comparator = ">="
    target_max: Number | None = None
    cadence: Cadence = "weekly"
    unit: Unit = ""
    key: Key | None = Field(None, description="Short name for formulas; derived from the title if omitted")
    formula: Formula | None = Field(None, description="e.g. `revenue / {new_clients}`: + - * / ( ) and keys")
    description: Description = ""
    position: Position = 0


class MeasurableUpdate(Strict):
    title: Text = None
    owner_seat_id: Id = None
    target: Number = None
    comparator: Comparator = None
    target_max: Number | None = None
    cadence: Cadence = None
    unit: Unit = None
    formula: Formula | None = None
    description: Description = None
    position: Position = None
    archived: Annotated[bool, Field(strict=True)] = None


class MeasurableOut(BaseModel):
    id: str
    key: str
    title: str
    description: str
    owner_seat_id: str | None
    unit: str
    comparator: str
    target: float
    target_max: float | None
    cadence: str
    formula: str | None
    inputs: list[str]
    position: int
    archived: bool

    @classmethod
    def of(cls, m: Measurable, inputs: list[str] | None = None) -> "MeasurableOut":
        return cls(id=m.id, key=m.key, title=m.title, description=m.description, owner_seat_id=m.owner_seat_id,
                   unit=m.unit, comparator=m.comparator, target=m.target, target_max=m.target_max, cadence=m.cadence,
                   formula=m.formula, inputs=inputs or [], position=m.position, archived=m.archived_at is not None)


class MeasurablePage(BaseModel):
    items: list[MeasurableOut]
    next_cursor: str | None


class ReportIn(Strict):
    value: Number
    period: Period | None = Field(None, description="Any day in the period (organization's calendar); default today")
    note: Note = ""
    source: Literal["manual", "api"] = "api"


class EnteredBy(BaseModel):
    kind: str
    id: str | None


class EntryOut(BaseModel):
    measurable_id: str
    period: str
    value: float | None
    on_target: bool | None
    source: str
    entered_by: EnteredBy
    note: str
    version: int
    entered_at: str
    replaced_at: str | None


class EntryPage(BaseModel):
    items: list[EntryOut]
    next_before: str | None = Field(description="Pass as ?before= for the next (older) page")


class Occupant(BaseModel):
    kind: str
    id: str
    name: str


class SeatRef(BaseModel):
    id: str
    title: str
    occupant: Occupant | None


class Cell(BaseModel):
    period: str
    value: float | None
    on_target: bool | None


class Row(BaseModel):
    id: str
    key: str
    title: str
    unit: str
    comparator: str
    target: float
    target_max: float | None
    cadence: str
    formula: str | None
    cells: list[Cell] = Field(description="One per period of the window, oldest first")
    trend: Literal["up", "down", "flat"] | None
    forecast: float | None
    forecast_on_target: bool | None


class Group(BaseModel):
    seat: SeatRef | None
    measurables: list[Row]


class Windows(BaseModel):
    weekly: list[str]
    monthly: list[str]


class ScorecardOut(BaseModel):
    periods: Windows
    groups: list[Group]
