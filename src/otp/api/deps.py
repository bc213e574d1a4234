"""Request plumbing: the database, and the one actor behind each request.

A bearer token (REST and MCP alike) or, for the web, a signed session cookie; never both needed.
"""
from __future__ import annotations

import logging
from types import UnionType
from typing import Annotated, Callable, TypeVar, Union, get_args, get_origin

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from otp.auth import sessions, tokens
from otp.auth.actor import Actor
from otp.core.db import Database
from otp.core.errors import Forbidden, Invalid, Unauthorized
from otp.web import csrf, signed_in

log = logging.getLogger(__name__)
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
T = TypeVar("T")
bearer = HTTPBearer(auto_error=False, description="An OTP API token (otp_...)")


# Dependencies that do no I/O are `async def`: FastAPI runs a plain `def` dependency on a worker
# thread of its own, a hop that costs more CPU than such a check does (bench: ~0.2-0.3 ms per
# request for one hop on this machine, against ~0.25 ms for a whole async request).
async def get_db(request: Request) -> Database:
    return request.app.state.db


def _require_credentials(request: Request, credentials: HTTPAuthorizationCredentials | None) -> None:
    if credentials is None and signed_in.cookie_id(request) is None:
        raise Unauthorized("send Authorization: Bearer <token>")


def _actor_in(s: Session, request: Request, credentials: HTTPAuthorizationCredentials | None
              ) -> tuple[Actor, object]:
    """The request's actor, read in `s`; and what is due to be recorded as used afterwards: a
    token's id, or a web session whose activity is a minute old (None: nothing)."""
    if credentials is not None:
        actor, stale = tokens.lookup_token(s, credentials.credentials)
        return actor, actor.token_id if stale else None
    if request.method not in SAFE_METHODS:
        # A cookie rides along on cross-site requests; a header a foreign page cannot read does not.
        csrf.check(request, request.headers.get("x-csrf-token"))
    resolved = signed_in.resolve(request, s)
    return resolved.actor, resolved if resolved.stale else None


def _record_use(db: Database, token_id) -> None:
    if isinstance(token_id, sessions.Resolved):
        signed_in.touch(db, token_id)
        return
    if token_id is not None:
        # Best effort and outside the read transaction: reads must stay reads. A stamp that
        # cannot be written now (SQLite's write lock held past its timeout) is written on a later
        # request, as the stored one stays stale; it must not turn this request's answer into a 500.
        try:
            with db.write() as s:
                tokens.touch_last_used(s, token_id)
        except Exception:
            log.warning("could not record the last use of token %s", token_id, exc_info=True)


def actor_from_token(db: Database, plaintext: str) -> Actor:
    with db.read() as s:
        actor, stale = tokens.lookup_token(s, plaintext)
    _record_use(db, actor.token_id if stale else None)
    return actor


async def actor_from_token_on_loop(db: Database, plaintext: str) -> Actor:
    """`actor_from_token` for a caller on the event loop: the token is read as `read_as_actor`
    reads (on SQLite right here), its last use recorded on a worker thread when due."""
    def lookup(s: Session, note_use: Callable[[object], None]) -> Actor:
        actor, stale = tokens.lookup_token(s, plaintext)
        if stale:
            note_use(actor.token_id)
        return actor
    return await _read_on_loop(db, lookup)


async def _read_on_loop(db: Database, read: Callable[[Session, Callable[[object], None]], T]) -> T:
    """`read(session, note_use)` in one read transaction, for a caller on the event loop. On SQLite
    (`Database.reads_inline`) it runs right here on the loop's thread: a sub-millisecond read costs
    less than the hop to a worker thread and the threads' fight over the GIL after it; on
    PostgreSQL, on a worker thread. A use noted by `read` (a token's id, or a web session whose
    activity is stale) is recorded afterwards, even when `read` then fails, in a write of its own on
    a worker thread: a write may wait for SQLite's write lock."""
    noted: list[object] = []

    def work() -> T:
        with db.read_inline() if db.reads_inline else db.read() as s:
            return read(s, noted.append)
    try:
        return work() if db.reads_inline else await run_in_threadpool(work)
    finally:
        if noted:
            await run_in_threadpool(_record_use, db, noted[0])


def _check_read_scope(actor: Actor) -> Actor:
    if "read" not in actor.scopes:
        raise Forbidden("this token lacks the read scope")
    return actor


async def current_actor(request: Request,
                        credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]) -> Actor:
    """The request's actor, holding at least the read scope. Resolved as `read_as_actor` does: on
    SQLite on the event loop's thread, so a route pays one hop to a worker thread (its own), not
    two; the token's read is sub-millisecond and never waits for a writer (WAL)."""
    return await read_as_actor(request, credentials, _the_actor)


def _the_actor(actor: Actor, _session: Session) -> Actor:
    return actor


async def read_as_actor(request: Request, credentials: HTTPAuthorizationCredentials | None,
                        read: Callable[[Actor, Session], T]) -> T:
    """`read(actor, session)` for hot read-only routes: the actor is resolved (same checks, same
    errors as `current_actor`) inside the one read transaction the route reads with, on SQLite on
    the event loop's thread (`_read_on_loop`)."""
    _require_credentials(request, credentials)

    def work(s: Session, note_use: Callable[[object], None]) -> T:
        actor, due = _actor_in(s, request, credentials)
        if due:
            note_use(due)
        return read(_check_read_scope(actor), s)
    return await _read_on_loop(request.app.state.db, work)


async def admin_actor(actor: Annotated[Actor, Depends(current_actor)]) -> Actor:
    """Admin endpoints: a person with owner/admin role holding an admin-scoped credential."""
    if not actor.is_person:
        raise Forbidden("admin endpoints are for people with the owner or admin role")
    if "admin" not in actor.scopes:
        raise Forbidden("this endpoint needs a token with the admin scope")
    if actor.role not in ("owner", "admin"):
        raise Forbidden("this endpoint needs the owner or admin role")
    return actor


ActorDep = Annotated[Actor, Depends(current_actor)]
AdminDep = Annotated[Actor, Depends(admin_actor)]
DbDep = Annotated[Database, Depends(get_db)]


async def no_unknown_query(request: Request) -> None:
    """The dependency form of refuse_unknown_query, run on the event loop (see get_db)."""
    refuse_unknown_query(request)


def refuse_unknown_query(request: Request) -> None:
    """Refuse query parameters a route does not declare: a typo like ?entity= must not be ignored."""
    route = request.scope.get("route")
    dependant = getattr(route, "dependant", None)
    if dependant is None:
        return
    if _secured(dependant) and request.headers.get("authorization") is None:
        # Authenticate before judging the query: a caller without credentials learns 401, not
        # which of its parameters is wrong (this check runs before the endpoint's own dependencies).
        _require_credentials(request, None)
    known = {p.alias: p for p in _all_query_params(dependant)}
    seen: set[str] = set()
    for key, value in request.query_params.multi_items():
        if key not in known:
            raise Invalid(f"unknown query parameter {key!r}; this endpoint takes: {', '.join(sorted(known)) or 'none'}",
                          field=key or "query")
        if key in seen and not _takes_many(known[key]):
            # Otherwise the last one would silently win: ?state=open&state=resolved is a mistake to name.
            raise Invalid(f"{key} is given more than once; it takes one value", field=key)
        seen.add(key)
        if "\x00" in value:
            raise Invalid(f"{key} must not contain NUL characters", field=key)
    for key, value in request.path_params.items():
        if isinstance(value, str) and "\x00" in value:
            raise Invalid(f"{key} must not contain NUL characters", field=key)


_SECURED: dict[int, bool] = {}


def _secured(dependant) -> bool:
    """Whether the route asks for the bearer token (its OpenAPI security), cached per route."""
    key = id(dependant)
    if key not in _SECURED:
        todo, found = [dependant], False
        while todo and not found:
            node = todo.pop()
            found = node.call is bearer
            todo.extend(node.dependencies)
        _SECURED[key] = found
    return _SECURED[key]


def _takes_many(field) -> bool:
    annotation = getattr(getattr(field, "field_info", None), "annotation", None)
    options = get_args(annotation) if get_origin(annotation) in (Union, UnionType) else (annotation,)
    return any(get_origin(a) in (list, set, tuple, frozenset) or a in (list, set, tuple, frozenset) for a in options)


def _all_query_params(dependant):
    yield from dependant.query_params
    for sub in dependant.dependencies:
        yield from _all_query_params(sub)
