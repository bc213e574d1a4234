"""REST shapes for the chart domain (pydantic; separate from the ORM models)."""
from __future__ import annotations

from datetime import datetime
from typing import Literal

from zoneinfo import available_timezones

from typing import Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema
from typing_extensions import Annotated

from otp.core import validate
from otp.org.models import AGENT_RUNTIMES, AGENT_STATUSES

from otp.org.models import Agent, Membership, Organization, Person, Seat, SeatOccupancy


# Constraints live in the schema too, so clients (and schemathesis) know them up front; the
# services still check every rule, for the faces that do not go through pydantic.
def _no_bool(value):
    # JSON Schema says 2.0 is an integer but false is not; pydantic's lax mode would take both.
    if isinstance(value, bool):
        raise ValueError("must be an integer, not a boolean")
    return value


def Int(low: int, high: int):  # noqa: N802 - reads as a type in annotations
    # Constraints before the validator, or pydantic emits non-standard "ge"/"le" in the schema.
    return Annotated[int, Field(ge=low, le=high), BeforeValidator(_no_bool)]
# PostgreSQL text cannot hold NUL; the schema says so, so clients learn it before the database does.
NO_NUL = r"^[^\x00]*$"
# Exactly what Python's str.strip() removes, spelled out: `\s` differs between regex engines (ECMA
# JSON Schema, Rust in pydantic, Python), and the services strip before they check for emptiness.
BLANK = r"\u0009-\u000d\u001c-\u0020\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
SOME_TEXT = rf"^[^\x00]*[^{BLANK}\x00][^\x00]*$"  # at least one visible character, no NUL


# A single line that reads as it is (otp.core.validate.line) with at least one visible character:
# published so clients know it; the services refuse the rest with a message naming the character.
_VISIBLE = f"[^{BLANK}\\x00{validate.BIDI_CONTROLS}{validate.INVISIBLE}{validate.JOINERS}]"
_UNIT = f"(?:{validate.PLAIN}|{validate.SEQUENCE})"
SOME_LINE = f"^{_UNIT}*(?:{_VISIBLE}|{validate.SEQUENCE}){_UNIT}*$"


def Str(max_length: int, *, required_text: bool = False, min_length: int = 0,  # noqa: N802
        one_line: bool | None = None):
    # The line rule is not enforced by pydantic (its message would quote the whole pattern); the
    # service refuses with a message naming the character. The schema says it all the same, by the
    # same default as the services' otp.core.validate.text: texts of at most 500 characters are
    # single lines (titles, names, short texts), longer ones are prose that keeps every character.
    if one_line is None:
        one_line = max_length <= 500
    extra = {"pattern": SOME_LINE if required_text else validate.LINE_PATTERN} if one_line else None
    return Annotated[str, Field(min_length=min_length, max_length=max_length,
                                pattern=SOME_TEXT if required_text else NO_NUL, json_schema_extra=extra)]


def keys_by_pattern(schema: Any, *_: Any) -> None:
    """pydantic writes a dict whose keys have a pattern as `patternProperties`, and JSON Schema
    checks only the keys that match it: a key that does not match would be schema-valid and yet
    refused. Say it as `propertyNames` (every key must match) with the value schema for all.
    Use as `json_schema_extra` (of a model or of a field)."""
    if isinstance(schema, list):
        for item in schema:
            keys_by_pattern(item)
    if not isinstance(schema, dict):
        return
    patterns = schema.get("patternProperties")
    if isinstance(patterns, dict) and len(patterns) == 1:
        [(pattern, value)] = patterns.items()
        del schema["patternProperties"]
        schema["propertyNames"] = {**schema.get("propertyNames", {}), "pattern": pattern}
        schema["additionalProperties"] = value
    for item in schema.values():
        keys_by_pattern(item)


# Free-form JSON that will be stored: any JSON object, but no NUL in any string or key. The schema
# says "an object" and names the rule in words: a recursive JsonValue type said it exactly, but
# client generators choke on recursive unions (openapi-python-client dropped the operations).
def _no_nul_anywhere(value: Any, path: str = "") -> Any:
    if isinstance(value, str) and "\x00" in value:
        raise ValueError(f"{path or 'a string'} contains NUL, which cannot be stored")
    if isinstance(value, dict):
        for key, item in value.items():
            _no_nul_anywhere(key, f"{path}.{key}" if path else "a key")
            _no_nul_anywhere(item, f"{path}.{key}" if path else str(key))
    if isinstance(value, list):
        for i, item in enumerate(value):
            _no_nul_anywhere(item, f"{path}.{i}")
    return value


JsonObject = Annotated[dict[str, Any], AfterValidator(_no_nul_anywhere), WithJsonSchema({
    "type": "object", "additionalProperties": True,
    "description": "A JSON object; no string or key in it may contain NUL (U+0000)."})]

Text = Str(200, required_text=True, min_length=1)
LongText = Str(2000)
Duty = Str(300, required_text=True, min_length=1)
Slug = Annotated[str, Field(pattern=r"^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$")]  # excludes NUL
Email = Annotated[str, Field(max_length=254, pattern=r"^[^@\s\x00]+@[^@\s\x00]+\.[^@\s\x00]+$")]
Timezone = Annotated[str, Field(
    min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_+\-]+(?:/[A-Za-z0-9_+\-]+)*$", examples=["Europe/Berlin"],
    description="An IANA time zone name from the tz database (Area/Location), e.g. Europe/Berlin, "
                "America/New_York or UTC"), AfterValidator(lambda name: _known_zone(name))]
WeekStart = Int(0, 6)
Runtime = Literal[AGENT_RUNTIMES]  # type: ignore[valid-type]
Status = Literal[AGENT_STATUSES]  # type: ignore[valid-type]
Id = Str(40, required_text=True, min_length=1)  # services strip ids too: blank is no id
# A string checked against the tz database rather than an enum of its ~600 names: generators
# turned the enum into a class per schema (and failed on names that collide, GMT0 and GMT-0).
_ZONES = frozenset(available_timezones())


def _known_zone(name: str) -> str:
    if name not in _ZONES:
        raise ValueError("must be an IANA time zone name such as Europe/Berlin or UTC")
    return name


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class OrganizationOut(BaseModel):
    id: str
    name: str
    slug: str
    timezone: str
    week_start: int
    settings: dict

    @classmethod
    def of(cls, org: Organization) -> "OrganizationOut":
        return cls(id=org.id, name=org.name, slug=org.slug, timezone=org.timezone, week_start=org.week_start,
                   settings=org.settings or {})


class OrganizationCreate(Strict):
    name: Text
    slug: Slug
    timezone: Timezone = "UTC"
    week_start: WeekStart = 0


class OrganizationUpdate(Strict):
    name: Text = None
    timezone: Timezone = None
    week_start: WeekStart = None
    settings: dict = None


class PersonOut(BaseModel):
    id: str
    email: str
    name: str
    role: str
    status: Literal["active", "deactivated"] = "active"

    @classmethod
    def of(cls, person: Person, member: Membership) -> "PersonOut":
        return cls(id=person.id, email=person.email, name=person.name, role=member.role,
                   status=member.status or "active")


class PersonCreate(Strict):
    email: Email
    name: Text
    role: Literal["owner", "admin", "member", "observer"] = "member"
    password: Str(200, min_length=4, one_line=False) | None = None


class PersonUpdate(Strict):
    name: Text = None
    role: Literal["owner", "admin", "member", "observer"] = None


class AgentOut(BaseModel):
    id: str
    name: str
    runtime: str
    model: str | None
    description: str
    status: str
    level: int
    monthly_budget_cents: int | None

    @classmethod
    def of(cls, a: Agent) -> "AgentOut":
        return cls(id=a.id, name=a.name, runtime=a.runtime, model=a.model, description=a.description,
                   status=a.status, level=a.level, monthly_budget_cents=a.monthly_budget_cents)


class AgentCreate(Strict):
    name: Text
    runtime: Runtime = "custom"
    model: Str(120) | None = None
    description: Str(4000) = ""
    level: Int(1, 8) = 1
    monthly_budget_cents: Int(0, 2**31 - 1) | None = None  # a 32-bit INTEGER column


class AgentUpdate(Strict):
    name: Text = None
    runtime: Runtime = None
    model: Str(120) | None = None
    description: Str(4000) = None
    status: Status = None


class Occupant(BaseModel):
    kind: Literal["person", "agent"]
    id: str
    name: str
    level: int | None = None
    status: str | None = None


class SeatOut(BaseModel):
    id: str
    title: str
    parent_id: str | None
    purpose: str
    responsibilities: list[str]
    occupant: Occupant | None


class SeatHealth(BaseModel):
    off_track_rocks: int
    off_target_numbers: int
    open_escalations: int


class ChartSeatOut(SeatOut):
    # Only in a part of the chart (?root= or ?depth=): what the diagram's box shows.
    children: int | None = Field(None, description="Number of direct reports, received or not")
    health: SeatHealth | None = None


class ChartOut(BaseModel):
    seats: list[ChartSeatOut]


Responsibilities = Annotated[list[Duty], Field(min_length=3, max_length=5)]
Position = Int(0, 1_000_000)


class SeatCreate(Strict):
    title: Text
    purpose: LongText = ""
    responsibilities: Responsibilities
    parent_id: Id | None = None
    position: Position = 0


class SeatUpdate(Strict):
    title: Text = None
    purpose: LongText = None
    responsibilities: Responsibilities = None
    parent_id: Id | None = None
    position: Position = None


class SeatMove(Strict):
    parent_id: Id | None


class OccupantAssign(Strict):
    kind: Literal["person", "agent"]
    id: Id
    replace: bool = False


class OccupancyOut(BaseModel):
    occupant_kind: str
    occupant_id: str
    started_at: datetime
    ended_at: datetime | None

    @classmethod
    def of(cls, row: SeatOccupancy) -> "OccupancyOut":
        return cls(occupant_kind=row.occupant_kind, occupant_id=row.occupant_id, started_at=row.started_at,
                   ended_at=row.ended_at)


def seat_out(session, seat: Seat) -> SeatOut:
    occupant = None
    if seat.occupant_person_id:
        occupant = Occupant(kind="person", id=seat.occupant_person_id,
                            name=session.get(Person, seat.occupant_person_id).name)
    elif seat.occupant_agent_id:
        agent = session.get(Agent, seat.occupant_agent_id)
        occupant = Occupant(kind="agent", id=agent.id, name=agent.name, level=agent.level, status=agent.status)
    return SeatOut(id=seat.id, title=seat.title, parent_id=seat.parent_id, purpose=seat.purpose,
                   responsibilities=list(seat.responsibilities or []), occupant=occupant)
