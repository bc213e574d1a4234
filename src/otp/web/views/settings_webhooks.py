"""/settings/webhooks: subscriptions (create, choose the format, send a test ping, disable/enable,
rotate the secret — shown once), and each one's delivery log with status and retries. Every action is a
service of otp.outbox.webhooks, the same ones REST calls."""
from __future__ import annotations

from fastapi import APIRouter, Form, Request

from otp.core.errors import OTPError
from otp.outbox import webhooks
from otp.web.actions import attempt, finish, posted
from otp.web.pages import actor_of, render
from otp.web.views.settings_common import may

router = APIRouter()


def _page(request: Request, actor, extra: dict | None = None, status: int = 200):
    with request.app.state.db.read() as s:
        can_edit = may(s, actor, "org.settings", {"type": "webhook"})
        try:
            subs = webhooks.list_webhooks(s, actor)
        except OTPError:
            subs = None  # not an admin: the page says who manages webhooks
        context = {"section_title": "Webhooks", "can_edit": can_edit, "subs": subs, "form": {}}
    context.update(extra or {})
    return render(request, "settings/webhooks.html", context, status=status, actor=actor)


@router.get("/settings/webhooks")
def webhooks_page(request: Request):
    return _page(request, actor_of(request))


def _filters(text: str) -> list[str]:
    return [f.strip() for f in (text or "*").replace("\n", ",").split(",") if f.strip()] or ["*"]


@router.post("/settings/webhooks")
def create(request: Request, csrf_token: str = Form(""), url: str = Form(""), description: str = Form(""),
           filters: str = Form("*"), format: str = Form("standard_webhooks")):
    actor = posted(request, csrf_token)
    done = attempt(request, lambda s: webhooks.create_webhook(s, actor, url=url.strip(), filters=_filters(filters),
                                                              description=description, format=format))
    if done.ok:  # the secret is shown in this answer only: never stored in the session or a URL
        sub, secret = done.value
        return _page(request, actor, {"secret": secret, "secret_for": sub, "created": True}, status=201)
    return finish(request, done, to="/settings/webhooks", on_error=lambda error: _page(
        request, actor, {"error": error, "form": {"url": url, "description": description, "filters": filters,
                                   "format": format}},
        status=error.status))


def _detail(request: Request, actor, webhook_id: str, extra: dict | None = None, status: int = 200):
    with request.app.state.db.read() as s:
        sub = webhooks.get_webhook(s, actor, webhook_id)
        log = webhooks.deliveries(s, actor, webhook_id, limit=100)
        can_edit = may(s, actor, "org.settings", {"type": "webhook", "id": webhook_id})
    context = {"section_title": "Webhooks", "can_edit": can_edit, "sub": sub, "log": log}
    context.update(extra or {})
    return render(request, "settings/webhook.html", context, status=status, actor=actor)


@router.get("/settings/webhooks/{webhook_id}")
def webhook_page(request: Request, webhook_id: str):
    actor = actor_of(request)
    try:
        return _detail(request, actor, webhook_id)
    except OTPError as error:
        return render(request, "error.html", {"message": error.message}, status=error.status, actor=actor)


def _act(request: Request, actor, webhook_id: str, work, success: str):
    done = attempt(request, work)
    return finish(request, done, to=f"/settings/webhooks/{webhook_id}", success=success,
                  on_error=lambda error: _detail(request, actor, webhook_id, {"error": error}, status=error.status))


@router.post("/settings/webhooks/{webhook_id}/test")
def send_test(request: Request, webhook_id: str, csrf_token: str = Form("")):
    actor = posted(request, csrf_token)
    return _act(request, actor, webhook_id, lambda s: webhooks.request_test(s, actor, webhook_id),
                "Test ping queued: it shows in the log below once sent.")


@router.post("/settings/webhooks/{webhook_id}/active")
def set_active(request: Request, webhook_id: str, csrf_token: str = Form(""), active: str = Form("")):
    actor = posted(request, csrf_token)
    on = active == "true"
    return _act(request, actor, webhook_id,
                lambda s: webhooks.update_webhook(s, actor, webhook_id, {"active": on}),
                "Enabled: deliveries resume where they stopped." if on else "Disabled: nothing is sent until you enable it.")


@router.post("/settings/webhooks/{webhook_id}/format")
def set_format(request: Request, webhook_id: str, csrf_token: str = Form(""), format: str = Form("")):
    actor = posted(request, csrf_token)
    return _act(request, actor, webhook_id,
                lambda s: webhooks.update_webhook(s, actor, webhook_id, {"format": format}),
                "Format saved: the next delivery uses it.")


@router.post("/settings/webhooks/{webhook_id}/rotate")
def rotate(request: Request, webhook_id: str, csrf_token: str = Form("")):
    actor = posted(request, csrf_token)
    done = attempt(request, lambda s: webhooks.rotate_secret(s, actor, webhook_id))
    if done.ok:
        return _detail(request, actor, webhook_id, {"secret": done.value[1]})
    return finish(request, done, to=f"/settings/webhooks/{webhook_id}", on_error=lambda error: _detail(
        request, actor, webhook_id, {"error": error}, status=error.status))
