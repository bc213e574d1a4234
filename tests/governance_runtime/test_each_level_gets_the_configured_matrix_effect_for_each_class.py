"""Table-driven, through the database: an organization edits its matrix over REST, and for every
level 1–8 and every class of its catalogue the runtime decision for a real agent (read fresh from
the database, policy compiled from the stored rows) is exactly the configured cell — given a
resource within the agent's reach, so scopes, allow-lists and spend limits do not interfere."""
from otp.governance.authz import evaluate
from otp.governance import autonomy
from otp.governance.matrix import LEVELS
from tests.governance_runtime.kit import as_agent, as_person, chart

# The edits, and what they must read back as (A allow, K ask, D deny; levels 1..8), written by hand.
EDITS = [{"level": 2, "action": "todo.create", "effect": "allow"},
         {"level": 5, "action": "issue.solve", "effect": "allow"},
         {"level": 8, "action": "deploy", "effect": "deny"},
         {"level": 8, "action": "headline.post", "effect": "ask"},
         {"level": 1, "action": "note.add", "effect": "allow"}]
EXPECTED = {"todo.create": "KAAAAAAA", "issue.solve": "KKKKAAAA", "deploy": "KKKKKKKD",
            "headline.post": "KAAAAAAK", "note.add": "AAAAAAAA"}
LETTER = {"A": "allow", "K": "ask", "D": "deny"}


def test_every_level_gets_the_configured_cell_for_every_class(org, db):
    c = chart(org, level=1)
    helper = org.agent("Helper", level=1)
    child = org.seat("Helper seat", parent=c.worker["id"], holder=helper, kind="agent")
    org.ok("PATCH", "/api/v1/governance/policy", {
        "matrix": EDITS, "channel_allowlist": ["slack:#ops"],
        "spend_limits": {"per_action": {"external.spend": 10_000}}})
    table = org.ok("GET", "/api/v1/governance/matrix")["actions"]
    for action, letters in EXPECTED.items():
        assert [table[action][str(lv)] for lv in LEVELS] == [LETTER[x] for x in letters], action
    scopes = org.ok("GET", "/api/v1/governance/matrix")["scopes"]
    owner = as_person(db, org.owner_id, org.org_id)
    for level in LEVELS:
        if level > 1:
            with db.write() as s:
                autonomy.change_level(s, owner, agent_id=c.agent["id"], to_level=level, why="table",
                                      override=True, reason="walking the table")
        me = as_agent(db, c.agent["id"])
        with db.read() as s:
            got = {action: evaluate(s, me, action, reach(action, scopes, c, child, helper)).effect
                   for action in table}
        assert got == {action: cells[str(level)] for action, cells in table.items()}, level


def reach(action: str, scopes: dict, c, child: dict, helper: dict) -> dict:
    """A resource on which the action is within the agent's reach: its own seat, or the seat
    below it for 'below' scopes and for accepting an outcome (nobody reviews their own)."""
    below = scopes.get(action) == "below" or action == "outcome.complete"
    resource = {"owner_seat_id": child["id"] if below else c.worker["id"], "target_agent_id": helper["id"],
                "amount_cents": 500, "channel": "slack:#ops"}
    if action == "approval.decide":
        resource.update(type="approval", requester_id=helper["id"], requester_kind="agent",
                        held_action="todo.complete")
    return resource
