"""OpenAPI operation ids that read as verbs: `list_seats`, `raise_issue`, `assign_todo`.

Client generators (openapi-python-client, openapi-generator, orval) name each method after the
operation id; FastAPI's default (`list_seats_api_v1_seats_get`) repeats the path and the method.
An operation's id is its route function's name — those already read as verbs in most domains —
except where the name alone says too little outside its module (`check`, `complete`, `start`):
those are renamed here, by method and path, so no domain's code changes for its documentation.
A new route whose function name does not read well belongs in RENAMED; tests/api checks that
every id is unique and starts with a verb.
"""
from __future__ import annotations

from fastapi.routing import APIRoute

RENAMED = {
    "GET /api/v1/me/briefing": "get_my_briefing",
    "GET /api/v1/health": "get_health",
    "GET /api/v1/seats/{seat_id}/holdings": "list_seat_holdings",
    "GET /api/v1/seats/{seat_id}/history": "get_seat_history",
    "GET /api/v1/events": "list_events",
    "GET /api/v1/events/stream": "stream_events",
    "POST /api/v1/issues/{issue_id}/transition": "transition_issue",
    "POST /api/v1/issues/{issue_id}/reorder": "reorder_issue",
    "POST /api/v1/issues/{issue_id}/solve": "solve_issue",
    "GET /api/v1/outcomes/{outcome_id}/history": "get_outcome_status_history",
    "POST /api/v1/outcomes/{outcome_id}/status": "set_outcome_status",
    "POST /api/v1/outcomes/{outcome_id}/complete": "complete_outcome",
    "POST /api/v1/outcomes/{outcome_id}/review": "review_outcome",
    "POST /api/v1/outcomes/{outcome_id}/owner": "change_outcome_owner",
    "GET /api/v1/todos/completion": "get_todo_completion",
    "GET /api/v1/measurables/{measurable_id}/entries": "list_measurable_entries",
    "POST /api/v1/measurables/{measurable_id}/entries": "report_measurable",
    "GET /api/v1/measurables/{measurable_id}/entries/{period}": "get_period_history",
    "GET /api/v1/scorecard": "get_scorecard",
    "GET /api/v1/me/inbox": "list_my_inbox",
    "POST /api/v1/me/inbox/{item_id}/read": "mark_inbox_item_read",
    "GET /api/v1/agents/{agent_id}/ledger": "get_autonomy_ledger",
    "GET /api/v1/agents/{agent_id}/eligibility": "get_agent_eligibility",
    "POST /api/v1/agents/{agent_id}/promote": "promote_agent",
    "POST /api/v1/agents/{agent_id}/demote": "demote_agent",
    "POST /api/v1/agents/{agent_id}/pause": "pause_agent",
    "POST /api/v1/agents/{agent_id}/resume": "resume_agent",
    "PUT /api/v1/agents/{agent_id}/budget": "set_agent_budget",
    "GET /api/v1/agents/{agent_id}/costs": "list_agent_costs",
    "GET /api/v1/agents/{agent_id}/context": "get_agent_context",
    "POST /api/v1/me/heartbeat": "send_heartbeat",
    "POST /api/v1/governance/check": "check_permission",
    "POST /api/v1/governance/declare": "declare_external_action",
    "GET /api/v1/approvals": "list_approvals",
    "POST /api/v1/approvals/{approval_id}/approve": "approve_request",
    "POST /api/v1/approvals/{approval_id}/reject": "reject_request",
    "GET /api/v1/sops/{sop_id}/versions": "list_sop_versions",
    "GET /api/v1/sops/{sop_id}/diff": "diff_sop_versions",
    "GET /api/v1/webhooks/{webhook_id}/deliveries": "list_webhook_deliveries",
    "POST /api/v1/webhooks/{webhook_id}/test": "test_webhook",
    "GET /api/v1/meetings/series/{series_id}": "get_series",
    "GET /api/v1/meetings/series/{series_id}/calendar.ics": "get_series_calendar",
    "POST /api/v1/meetings/series/{series_id}/feed/rotate": "rotate_calendar_feed",
    "GET /api/v1/meetings/{meeting_id}": "get_meeting",
    "POST /api/v1/meetings/{meeting_id}/prep": "submit_meeting_prep",
    "POST /api/v1/meetings/{meeting_id}/start": "start_meeting",
    "POST /api/v1/meetings/{meeting_id}/advance": "advance_meeting",
    "POST /api/v1/meetings/{meeting_id}/mark": "mark_on_or_off_track",
    "POST /api/v1/meetings/{meeting_id}/todos": "add_meeting_todo",
    "POST /api/v1/meetings/{meeting_id}/todos/{todo_id}/done": "tick_meeting_todo",
    "POST /api/v1/meetings/{meeting_id}/top": "choose_top_issues",
    "POST /api/v1/meetings/{meeting_id}/ids": "discuss_and_solve_issue",
    "POST /api/v1/meetings/{meeting_id}/headlines": "post_meeting_headline",
    "POST /api/v1/meetings/{meeting_id}/messages": "post_cascading_message",
    "POST /api/v1/meetings/{meeting_id}/rate": "rate_meeting",
    "POST /api/v1/meetings/{meeting_id}/end": "end_meeting",
    "POST /api/v1/meetings/{meeting_id}/cancel": "cancel_meeting",
    "GET /api/v1/meetings/{meeting_id}/minutes": "get_meeting_minutes",
    "GET /api/v1/network/oos": "search_published_oos",
    "GET /api/v1/network/oos/{org_slug}": "get_published_oos",
    "GET /api/v1/oos/draft": "get_oos_draft",
    "PUT /api/v1/oos/draft": "replace_oos_draft",
    "POST /api/v1/oos/draft/fix": "fix_oos_draft",
    "POST /api/v1/oos/import": "import_oos",
    "GET /api/v1/oos/export": "export_oos",
    "POST /api/v1/oos/generate": "generate_oos_draft",
    "POST /api/v1/oos/publish": "publish_oos",
    "POST /api/v1/oos/redact": "redact_oos_draft",
    "GET /api/v1/oos/versions": "list_oos_versions",
    "GET /api/v1/oos/validate": "validate_oos",
    "GET /api/v1/oos/score": "score_oos",
    "GET /api/v1/oos/maturity": "get_oos_maturity",
    "GET /api/v1/oos/scan": "scan_oos",
    "POST /api/v1/oos/check": "check_oos_document",
    "GET /api/v1/oos/diff": "diff_oos_versions",
    "POST /api/v1/oos/diff": "diff_oos_with_organization",
    "GET /api/v1/me/mail-preferences": "get_my_mail_preferences",
    "POST /api/v1/people/{person_id}/deactivate": "deactivate_person",
    "POST /api/v1/people/{person_id}/reactivate": "reactivate_person",
    "DELETE /api/v1/people/{person_id}/sessions": "revoke_person_sessions",
    "POST /api/v1/invitations/{invitation_id}/resend": "resend_invitation",
    "POST /api/v1/password-resets": "request_password_reset",
    "PUT /api/v1/agents/{agent_id}/runtime": "set_agent_runtime",
    "GET /api/v1/agents/{agent_id}/runs": "list_agent_runs",
    "POST /api/v1/agents/{agent_id}/wake": "wake_agent",
    "POST /api/v1/runs/{run_id}/finish": "finish_run",
}


def operation_id(route: APIRoute) -> str:
    """FastAPI's generate_unique_id_function: the renamed id, else the route function's name."""
    for method in sorted(route.methods or ()):
        if (renamed := RENAMED.get(f"{method} {route.path_format}")) is not None:
            return renamed
    return route.name
