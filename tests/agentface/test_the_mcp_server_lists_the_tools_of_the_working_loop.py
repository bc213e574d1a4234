from tests.agentface.kit import LISTED, with_mcp, world


def test_the_mcp_server_lists_the_tools_of_the_working_loop(org):
    w = world(org)

    async def go(client):
        return await client.list_tools()
    tools = {t.name: t for t in with_mcp(org, w.token, go).tools}
    assert set(tools) == LISTED
    assert all(t.description and len(t.description) > 60 for t in tools.values())
    assert all(t.output_schema and "status" in t.output_schema["properties"] for t in tools.values())
