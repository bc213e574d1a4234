"""Single-line fields (titles, names, URLs) refuse what makes text read differently from what it
holds — a right-to-left override that turns "invoice‮fdp.exe" into "invoiceexe.pdf", zero-width
characters, a byte-order mark — with a 422 naming the field, on every face; legitimate scripts
and emoji (ZWJ sequences included) pass, and multi-line fields keep Arabic, Hebrew and emoji."""
import pytest

from tests.agentface.kit import call, world

REFUSED = [
    ("Pay invoice\u202efdp.exe", "U+202E"),  # right-to-left override
    ("Renew \u2066contract\u2069", "U+2066"),  # left-to-right isolate
    ("Pay\u200bpal refund", "U+200B"),  # zero-width space hiding inside a brand name
    ("\ufeffQuarterly plan", "U+FEFF"),  # byte-order mark pasted from a file
    ("ad\u200dmin review", "U+200D"),  # a joiner outside any emoji sequence
]
READABLE = ["خطة الربع الأول", "תוכנית רבעונית", "می‌خواهم گزارش", "👩🏽‍💻 Ship the app", "🏳️‍🌈 Pride month",
            "Café ❤️‍🔥 launch"]


@pytest.mark.parametrize("title,char", REFUSED)
def test_a_title_that_reads_otherwise_is_a_422_naming_the_field_and_changes_nothing(org, title, char):
    root = org.root()
    before = org.event_count()
    r = org.post("/api/v1/issues", {"title": title, "owner_seat_id": root["id"]})
    assert r.status_code == 422 and r.json()["error"]["field"] == "title", r.text
    assert char in r.json()["error"]["message"]
    r = org.post("/api/v1/seats", {"title": title, "parent_id": root["id"], "purpose": "Runs it",
                                   "responsibilities": ["One", "Two", "Three"]})
    assert r.status_code == 422 and r.json()["error"]["field"] == "title", r.text
    assert org.event_count() == before


def test_an_agent_over_mcp_gets_the_same_refusal(org):
    w = world(org, level=8)
    before = org.event_count()
    answer = call(org, w.token, "raise_issue", title=REFUSED[0][0])
    assert answer["is_error"] and answer["error"]["field"] == "title", answer
    answer = call(org, w.token, "create_todo", title=REFUSED[2][0])
    assert answer["is_error"] and answer["error"]["field"] == "title", answer
    assert org.event_count() == before


@pytest.mark.parametrize("title", READABLE)
def test_scripts_and_emoji_sequences_are_kept_as_written(org, title):
    root = org.root()
    issue = org.ok("POST", "/api/v1/issues", {"title": title, "owner_seat_id": root["id"]}, status=201)
    assert org.ok("GET", f"/api/v1/issues/{issue['id']}")["title"] == title


def test_multi_line_fields_keep_arabic_hebrew_and_emoji(org):
    w = world(org, level=8)
    details = "السلام عليكم\nשלום עולם\n👨‍👩‍👧 family plan\n\u2067עברית\u2069 inside English"
    answer = call(org, w.token, "raise_issue", title="Mixed scripts", details=details)
    assert answer["status"] == "done", answer
    assert org.ok("GET", f"/api/v1/issues/{answer['result']['issue_id']}")["details"] == details


def test_a_link_url_with_a_hidden_character_is_refused(org):
    root = org.root()
    r = org.post("/api/v1/outcomes", {"title": "Ship", "definition_of_done": "Shipped", "owner_seat_id": root["id"],
                                      "context_links": [{"title": "Spec", "url": "https://exa\u200bmple.com/spec"}]})
    assert r.status_code == 422 and r.json()["error"]["field"] == "context_links.0.url", r.text
