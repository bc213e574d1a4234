"""Every query and path value with a NUL is refused (PostgreSQL text cannot hold one), and the
OpenAPI document says so on every string parameter, so the schema and the server agree."""


def _strings(schema):
    if schema.get("type") == "string":
        yield schema
    for option in schema.get("anyOf", ()):
        yield from _strings(option)


def test_every_string_parameter_has_a_pattern_and_a_nul_is_a_422_naming_it(client, org):
    spec = client.get("/openapi.json").json()
    for path, ops in spec["paths"].items():
        for method, op in ops.items():
            for param in op.get("parameters", ()):
                for schema in _strings(param["schema"]) if param["in"] in ("query", "path") else ():
                    assert "pattern" in schema or "enum" in schema, (method, path, param["name"])
    response = org.get("/api/v1/events", params={"action": "\x00x"})
    assert response.status_code == 422 and response.json()["error"]["field"] == "action"
