"""Every string a request body carries declares a pattern (at least: no NUL, which PostgreSQL text
cannot hold and the services refuse), an enum or a format — so a value the schema calls valid is
never refused by the service or the database."""


def _refs(node):
    if isinstance(node, dict):
        if "$ref" in node:
            yield node["$ref"].rsplit("/", 1)[-1]
        for value in node.values():
            yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


def _bare_strings(node, where):
    if isinstance(node, dict):
        if node.get("type") == "string" and not {"pattern", "enum", "const", "format"} & set(node):
            yield where
        for key, value in node.items():
            yield from _bare_strings(value, f"{where}.{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _bare_strings(value, f"{where}[{i}]")


def test_no_request_body_carries_a_bare_string(client):
    spec = client.get("/openapi.json").json()
    components = spec["components"]["schemas"]
    todo = [name for ops in spec["paths"].values() for op in ops.values() for name in _refs(op.get("requestBody"))]
    seen: set[str] = set()
    while todo:
        name = todo.pop()
        if name not in seen:
            seen.add(name)
            todo.extend(_refs(components[name]))
    inline = [w for path, ops in spec["paths"].items() for method, op in ops.items()
              for w in _bare_strings(op.get("requestBody"), f"{method} {path}")]
    assert inline + [w for name in sorted(seen) for w in _bare_strings(components[name], name)] == []
