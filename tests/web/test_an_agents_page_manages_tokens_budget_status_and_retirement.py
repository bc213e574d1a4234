"""The forms of /agents/{id}: a token shown once then revoked, the budget, pause and resume,
the runtime, and retirement (its seat vacant, its tokens dead)."""
import pytest

from otp.auth.tokens import lookup_token
from otp.core.errors import Unauthorized
from tests.web.agents_kit import agent_named, seat_row, tokens_of
from tests.web.kit import web


def test_a_token_is_shown_once_and_revoked_from_the_page(demo_db):
    with web(demo_db) as k:
        agent = agent_named(k, "Sentry")
        response = k.post(f"/agents/{agent.id}/tokens", {"name": "laptop", "write": "1"})
        assert response.status_code == 201 and "Copy the token now" in response.text
        [token] = tokens_of(k, agent.id)
        assert f'value="{token.prefix}' in response.text and token.scopes == ["read", "write"]
        assert "Copy the token now" not in k.get(f"/agents/{agent.id}").text  # never shown again
        assert k.post(f"/agents/{agent.id}/tokens/{token.id}/revoke").status_code == 303
        assert tokens_of(k, agent.id)[0].revoked_at is not None


def test_budget_pause_resume_and_runtime_are_saved_through_their_services(demo_db):
    with web(demo_db) as k:
        agent = agent_named(k, "Tally")
        assert k.post(f"/agents/{agent.id}/budget", {"monthly_budget": "75"}).status_code == 303
        assert k.post(f"/agents/{agent.id}/budget", {"monthly_budget": "-3"}).status_code == 422
        assert k.post(f"/agents/{agent.id}/pause", {"reason": "Books closed"}).status_code == 303
        assert agent_named(k, "Tally").status == "paused"
        assert k.post(f"/agents/{agent.id}/resume", {"reason": ""}).status_code == 303
        k.post(f"/agents/{agent.id}/runtime", {"runtime": "codex", "model": "gpt-5", "description": "Books."})
        after = agent_named(k, "Tally")
        assert (after.monthly_budget_cents, after.status, after.runtime, after.model) == (7500, "active", "codex", "gpt-5")
        assert k.events("agent.budget_changed") == 1 and k.events("agent.paused") == 1


def test_retiring_vacates_its_seat_and_its_tokens_stop_working(demo_db):
    with web(demo_db) as k:
        agent = agent_named(k, "Herald")
        seat = k.seat("Client Reporting Analyst")
        response = k.post(f"/agents/{agent.id}/tokens", {"name": "runner", "write": "1"})
        plaintext = response.text.split('id="new-token" class="mono" readonly value="')[1].split('"')[0]
        assert k.post(f"/agents/{agent.id}/retire", {"reason": "Replaced", "confirm": "on"}).status_code == 303
        assert agent_named(k, "Herald").status == "retired" and seat_row(k, seat).occupant_agent_id is None
        with k.db.read() as s, pytest.raises(Unauthorized):
            lookup_token(s, plaintext)
        assert k.post(f"/agents/{agent.id}/retire", {"reason": "again"}).status_code == 409
