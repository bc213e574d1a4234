"""What client generators need from /openapi.json: operation ids that read as verbs (they become
method names), component titles that are unique (they become class names), no giant enums and
no recursive types, and the timezone as a checked string."""
import json

from otp.api.operation_ids import RENAMED

VERBS = {"list", "get", "create", "update", "delete", "move", "assign", "vacate", "add", "remove", "revoke",
         "raise", "transition", "reorder", "solve", "set", "submit", "complete", "review", "change", "post",
         "verify", "archive", "report", "mark", "promote", "demote", "pause", "resume", "send", "check",
         "declare", "approve", "reject", "resolve", "stream", "test", "rotate", "start", "advance", "tick",
         "choose", "discuss", "rate", "end", "cancel", "search", "replace", "fix", "import", "export",
         "generate", "publish", "redact", "validate", "score", "scan", "diff", "edit", "capture", "invite",
         "accept", "restore", "run", "retry", "acknowledge", "deactivate", "reactivate", "resend", "request", "wake",
         "finish", "read", "upload", "download", "preview", "reset",
         "unarchive", "reopen", "close", "open", "answer", "retire", "propose", "register", "authorize"}


def operations(spec):
    return [(method.upper(), path, op) for path, ops in spec["paths"].items() for method, op in ops.items()]


def test_every_operation_id_is_unique_and_reads_as_a_verb(client):
    ops = operations(client.get("/openapi.json").json())
    ids = [op["operationId"] for _, _, op in ops]
    assert len(ids) == len(set(ids))
    odd = [(m, p, i) for (m, p, _), i in zip(ops, ids) if i.split("_")[0] not in VERBS or "api_v1" in i]
    assert not odd, f"name these routes with a verb (or add them to otp.api.operation_ids.RENAMED): {odd}"
    by_route = {f"{m} {p}": op["operationId"] for m, p, op in ops}
    assert by_route["GET /api/v1/seats"] == "list_seats" and by_route["POST /api/v1/issues"] == "raise_issue"
    assert {k: by_route[k] for k in RENAMED if k in by_route} == {k: v for k, v in RENAMED.items() if k in by_route}


def test_component_titles_are_unique_and_named_after_their_keys(client):
    schemas = client.get("/openapi.json").json()["components"]["schemas"]
    assert all(value["title"] == key and "__" not in key for key, value in schemas.items())
    assert {"GovernanceCheckIn", "OosCheckIn", "WorkTodoAssign", "MeetingsTodoAssign"} <= set(schemas)


def enums(node):
    if isinstance(node, dict):
        if isinstance(node.get("enum"), list):
            yield node["enum"]
        for value in node.values():
            yield from enums(value)
    elif isinstance(node, list):
        for value in node:
            yield from enums(value)


def test_no_giant_enum_and_no_recursive_type(client):
    spec = client.get("/openapi.json").json()
    assert max(len(enum) for enum in enums(spec)) < 100
    for key, value in spec["components"]["schemas"].items():
        assert f'"#/components/schemas/{key}"' not in json.dumps(value), f"{key} refers to itself"
    tz = spec["components"]["schemas"]["OrganizationCreate"]["properties"]["timezone"]
    assert tz["type"] == "string" and "IANA" in tz["description"] and tz["pattern"]


def test_an_unknown_timezone_is_refused_naming_the_field_and_changes_nothing(org):
    slug = f"mars-{org.org_id[-8:]}"
    response = org.post("/api/v1/organizations", {"name": "Mars", "slug": slug, "timezone": "Mars/Base"})
    assert response.status_code == 422 and response.json()["error"]["field"] == "timezone", response.text
    assert slug not in {o["slug"] for o in org.ok("GET", "/api/v1/organizations")}
    ok = org.post("/api/v1/organizations", {"name": "Berlin", "slug": f"b-{org.org_id[-8:]}",
                                            "timezone": "Europe/Berlin"})
    assert ok.status_code == 201 and ok.json()["timezone"] == "Europe/Berlin", ok.text
