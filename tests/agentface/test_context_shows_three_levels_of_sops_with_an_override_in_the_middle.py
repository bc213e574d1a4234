from tests.agentface.kit import world
from tests.sops.kit import sop


def test_three_levels_of_sops_with_an_override_in_the_middle(org):
    w = world(org)  # CEO (owner) → Ops lead (Hana) → Ops agent (the agent)
    sop(org, w.root, "weekly-report", "Weekly report (company)", steps=["Collect everything"])
    sop(org, w.root, "expenses", "Expenses", steps=["Keep receipts"])
    sop(org, w.lead, "weekly-report", "Weekly report (ops)", steps=["Collect ops numbers"])
    sop(org, w.seat, "triage", "Triage", steps=["Read the ticket"])
    data = org.ok("GET", f"/api/v1/agents/{w.agent['id']}/context", params={"format": "json"})
    sops = [(s["key"], s["source_seat_title"], s["version"], s["inherited"]) for s in data["sops"][0]["sops"]]
    assert sops == [("triage", "Ops agent", 1, False), ("weekly-report", "Ops lead", 1, True),
                    ("expenses", "CEO", 1, True)]
    middle = data["sops"][0]["sops"][1]
    assert middle["title"] == "Weekly report (ops)" and middle["overrides"][0]["seat_id"] == w.root["id"]
    text = org.get(f"/api/v1/agents/{w.agent['id']}/context").text
    assert "Weekly report (company)" not in text and "inherited from Ops lead; overrides 1" in text
