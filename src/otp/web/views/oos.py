"""The organization's OOS (its operating system, machine-readable): the quality score with its
sub-scores, the agentic maturity level with the evidence for each level, the privacy scan's
findings, the versions, and a diff between two of them. Generate a draft from the live
organization; publish it."""
from __future__ import annotations

from collections import OrderedDict

from fastapi import APIRouter, Form, Request

from otp.core.errors import OTPError
from otp.oos import drafts, live, publish, store
from otp.oos.diff import diff_versions
from otp.oos.maturity import assess, signals_from_document
from otp.oos.publish import chart_names
from otp.oos.findings import present
from otp.oos.scan import SEVERITY_RANK, has_critical, scan
from otp.oos.score import score
from otp.oos.validate import validate
from otp.web.actions import attempt, finish, posted
from otp.web.pages import actor_of, render

router = APIRouter()
SUBSCORES = (("claim_count", "Claims", "claims"), ("evidence_strength", "Evidence strength", "strong_evidence_share"),
             ("failure_knowledge", "Failure knowledge", "failure_claims"),
             ("confidence_mix", "Confidence mix", "confidence_levels"))


def _ref(row) -> str:
    return "draft" if row.state == "draft" else str(row.number)


# Parsing a large OOS (a generated one for 1,000 seats is ~370 kB) takes seconds, and so does
# scanning it; the text only changes on save, so results are kept per (version id, updated_at).
_CACHE: OrderedDict = OrderedDict()
CACHE_SIZE = 16
SHOWN_FINDINGS = 200  # most severe first; the CLI and REST list them all


def _cached(kind: str, row, compute):
    key = (kind, row.id, row.updated_at)
    if key not in _CACHE:
        _CACHE[key] = compute()
        while len(_CACHE) > CACHE_SIZE:
            _CACHE.popitem(last=False)
    _CACHE.move_to_end(key)
    return _CACHE[key]


def _doc(row):
    return _cached("doc", row, lambda: store.document_of(row))


def _context(s, org_id: str, version: str | None, old: str | None, new: str | None) -> dict:
    versions = store.versions(s, org_id)
    if not versions:
        return {"versions": []}
    refs = [_ref(v) for v in versions]
    shown = version if version in refs else ("draft" if "draft" in refs else refs[0])
    row = store.resolve(s, org_id, shown)
    doc = _doc(row)
    findings = _cached("validate", row, lambda: validate(doc))
    errors = sum(f.severity == "error" for f in findings)
    signals, notes = live.live_signals(s, org_id)
    names = chart_names(s, org_id)
    found = _cached(("scan", tuple(names)), row, lambda: scan(row.text, names))
    # Shown without the matched text: a page must not echo the secret it warns about.
    shown_findings = _cached(("shown", tuple(names)), row, lambda: present(row.text, doc, found))
    context = {"versions": versions, "shown": shown, "refs": refs, "subscores": SUBSCORES,
               "quality": score(doc).to_dict(),
               "maturity": {**assess(_cached("signals", row, lambda: signals_from_document(doc)).merged(signals),
                                     runtime=True).to_dict(), "notes": notes},
               "scan": {"critical": has_critical(found), "findings": shown_findings[:SHOWN_FINDINGS],
                        "total": len(found), "by_severity": {sev: sum(f.severity == sev for f in found)
                                                             for sev in SEVERITY_RANK}},
               "validation": {"errors": errors, "warnings": len(findings) - errors}}
    if len(refs) > 1:
        # Default: what the draft changes since the latest published version.
        default_new = "draft" if "draft" in refs else refs[0]
        default_old = next(r for r in refs if r != default_new)
        new = new if new in refs else default_new
        old = old if old in refs else default_old
        a, b = store.resolve(s, org_id, old, "from"), store.resolve(s, org_id, new, "to")
        context.update(diff=diff_versions(_doc(a), _doc(b)).to_dict(), old=old, new=new)
    return context


@router.get("/oos")
def oos_page(request: Request, version: str | None = None, to: str | None = None):
    actor = actor_of(request)
    with request.app.state.db.read() as s:
        context = _context(s, actor.org_id, version, request.query_params.get("from"), to)
    return render(request, "oos/oos.html", context, actor=actor)


def _error(request: Request, actor, error: OTPError):
    with request.app.state.db.read() as s:
        context = _context(s, actor.org_id, None, None, None)
    context["error"] = error
    return render(request, "oos/oos.html", context, status=error.status, actor=actor)


@router.post("/oos/generate")
def generate(request: Request, csrf_token: str = Form("")):
    actor = posted(request, csrf_token)
    done = attempt(request, lambda s: drafts.generate_draft(s, actor))
    return finish(request, done, to="/oos", success="The draft was generated from the live organization.",
                  on_error=lambda e: _error(request, actor, e))


@router.post("/oos/publish")
def publish_draft(request: Request, csrf_token: str = Form(""), acknowledge: str = Form("")):
    actor = posted(request, csrf_token)
    done = attempt(request, lambda s: publish.publish(s, actor, acknowledge=acknowledge == "yes"))
    return finish(request, done, to="/oos", success="Published.", on_error=lambda e: _error(request, actor, e))
