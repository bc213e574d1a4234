"""REST face for imports: preview (writes nothing) and confirm (all or nothing)."""
from __future__ import annotations

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse

from otp.api.deps import ActorDep, DbDep, no_unknown_query
from otp.api.errors import WRITE, responses
from otp.imports import service
from otp.imports.report import ImportRefused
from otp.imports.schemas import ImportOut, ImportRequest, RefusedOut

router = APIRouter(prefix="/api/v1", tags=["imports"], dependencies=[Depends(no_unknown_query)])


@router.post("/imports/preview", responses=responses(*WRITE))
def preview_import(body: ImportRequest, actor: ActorDep, db: DbDep) -> ImportOut:
    """What importing the file would create, update or leave alone, and every error with its line
    and column. Nothing is written: the steps run through the services and are rolled back."""
    with db.write() as s:
        return ImportOut(**service.preview(s, actor, body.kind, body.format, body.csv).as_dict())


@router.post("/imports", status_code=201, response_model=ImportOut, responses={
    **responses(400, 401, 403, 404, 409),
    422: {"model": RefusedOut, "description": "The file has errors; `error.errors` names each line and column. "
                                              "Nothing was written."}})
def run_import(body: ImportRequest, actor: ActorDep, db: DbDep):
    """Import the file in one transaction: each row through its governed service (one event per
    created or changed thing), or — on any error — nothing at all."""
    try:
        with db.write() as s:
            done = service.run_import(s, actor, body.kind, body.format, body.csv)
    except ImportRefused as exc:
        return JSONResponse({"error": exc.as_dict()}, status_code=422)
    return JSONResponse(ImportOut(**done.as_dict()).model_dump(), status_code=201)
