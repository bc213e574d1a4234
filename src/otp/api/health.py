from __future__ import annotations

from fastapi import Depends, APIRouter, Request
from pydantic import BaseModel
from sqlalchemy import text

from otp import __version__

from otp.api.deps import no_unknown_query  # noqa: E402

router = APIRouter(prefix="/api/v1", tags=["health"], dependencies=[Depends(no_unknown_query)])


class Health(BaseModel):
    status: str
    version: str
    database: str


@router.get("/health")
def health(request: Request) -> Health:
    """Liveness and database reachability. No authentication."""
    db = request.app.state.db
    with db.read() as s:
        s.execute(text("select 1"))
    return Health(status="ok", version=__version__, database=db.engine.dialect.name)
