import json

from tests.agentface.kit import text_of, with_mcp, world
from tests.sops.kit import sop


def test_resources_expose_the_callers_context_and_sops(org):
    w = world(org, level=4)
    sop(org, w.lead, "handover", "Hand over")

    async def go(client):
        listed = [str(r.uri) for r in (await client.list_resources()).resources]
        templates = [t.uri_template for t in (await client.list_resource_templates()).resource_templates]
        me = text_of(await client.read_resource("otp://me/context"))
        sops = json.loads(text_of(await client.read_resource("otp://me/sops")))
        by_id = text_of(await client.read_resource(f"otp://agents/{w.agent['id']}/context"))
        return listed, templates, me, sops, by_id
    listed, templates, me, sops, by_id = with_mcp(org, w.token, go)
    assert {"otp://me/context", "otp://me/context.json", "otp://me/sops"} <= set(listed)
    assert "otp://agents/{agent_id}/context" in templates
    assert me == by_id == org.get(f"/api/v1/agents/{w.agent['id']}/context").text
    assert sops[0]["sops"][0]["key"] == "handover" and sops[0]["sops"][0]["source_seat_title"] == "Ops lead"
