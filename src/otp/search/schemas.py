"""The answer of a search, as REST and MCP describe it."""
from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from otp.search.documents import KINDS

Kind = Literal[tuple(KINDS)]  # type: ignore[valid-type]


class HitOut(BaseModel):
    kind: Kind
    id: str = Field(description="The thing's id (a seat, a person, an issue, ...)")
    title: str
    excerpt: str = Field(description="One line of its text around the first matching word (may be empty)")
    url: str = Field(description="Its web page, relative to the server")
    updated_at: datetime = Field(description="When its entry was last written")


class GroupOut(BaseModel):
    kind: Kind
    label: str = Field(description="The kind as people read it: Seats, People, Rocks, ...")
    items: list[HitOut]


class SearchOut(BaseModel):
    q: str
    kind: Kind | None = None
    total: int
    groups: list[GroupOut] = Field(description="One group per kind that matched, the best-matching group first")
