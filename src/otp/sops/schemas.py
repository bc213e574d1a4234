"""REST shapes for SOPs (pydantic; separate from the ORM models). Constraints mirror the service's
checks so clients (and schemathesis) know them up front."""
from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field
from typing_extensions import Annotated

from otp.org.schemas import Slug, Str, Strict, Text
from otp.sops.inherit import EffectiveSop
from otp.sops.models import Sop, SopVersion

Step = Str(1000, required_text=True, min_length=1)
Item = Str(200, required_text=True, min_length=1)
Steps = Annotated[list[Step], Field(min_length=1, max_length=50)]
Items = Annotated[list[Item], Field(max_length=20)]
Trigger = Str(500)
Notes = Str(4000)


class SopCreate(Strict):
    key: Slug = Field(description="Stable identifier, unique per seat; a seat below with the same key overrides it")
    title: Text
    trigger: Trigger = ""
    steps: Steps
    outputs: Items = []
    tools: Items = []
    notes: Notes = ""


class SopUpdate(Strict):
    title: Text = None
    trigger: Trigger = None
    steps: Steps = None
    outputs: Items = None
    tools: Items = None
    notes: Notes = None
    archived: bool = Field(None, description="false restores an archived SOP")


class SopOverride(BaseModel):
    sop_id: str
    seat_id: str
    version: int


class SopOut(BaseModel):
    id: str
    key: str
    title: str
    trigger: str
    steps: list[str]
    outputs: list[str]
    tools: list[str]
    notes: str
    version: int
    updated_at: datetime
    archived: bool = False
    source_seat_id: str = Field(description="The seat that owns this SOP")
    source_seat_title: str
    inherited: bool = Field(False, description="True when it comes from a seat above the one asked about")
    overrides: list[SopOverride] = Field([], description="SOPs with the same key above that this one replaces")

    @classmethod
    def own(cls, sop: Sop, seat_title: str) -> "SopOut":
        return cls(id=sop.id, key=sop.key, title=sop.title, trigger=sop.trigger, steps=sop.steps,
                   outputs=sop.outputs, tools=sop.tools, notes=sop.notes, version=sop.version,
                   updated_at=sop.updated_at, archived=sop.archived_at is not None, source_seat_id=sop.seat_id,
                   source_seat_title=seat_title)

    @classmethod
    def effective(cls, e: EffectiveSop) -> "SopOut":
        return cls(id=e.id, key=e.key, title=e.title, trigger=e.trigger, steps=e.steps, outputs=e.outputs,
                   tools=e.tools, notes=e.notes, version=e.version, updated_at=e.updated_at,
                   source_seat_id=e.source_seat_id, source_seat_title=e.source_seat_title, inherited=e.inherited,
                   overrides=[SopOverride(**o) for o in e.overrides])


class SopContent(BaseModel):
    key: str
    title: str
    trigger: str
    steps: list[str]
    outputs: list[str]
    tools: list[str]
    notes: str


class VersionActor(BaseModel):
    kind: str
    id: str | None


class SopVersionOut(BaseModel):
    number: int
    content: SopContent
    actor: VersionActor
    created_at: datetime

    @classmethod
    def of(cls, v: SopVersion) -> "SopVersionOut":
        return cls(number=v.number, content=SopContent(**v.content),
                   actor=VersionActor(kind=v.actor_kind, id=v.actor_id), created_at=v.created_at)


class FieldChange(BaseModel):
    field: str
    before: str | list[str] | None
    after: str | list[str] | None


class SopDiffOut(BaseModel):
    sop_id: str
    key: str
    from_version: int
    to_version: int
    fields: list[FieldChange]
    steps_diff: str = Field(description="Unified diff of the steps, one step per line")
