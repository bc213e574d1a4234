"""A client nobody here wrote: openapi-python-client, at its default settings, generates a Python
package from the running server's /openapi.json (which openapi-spec-validator accepts), and that
package lists seats, raises an issue and assigns a to-do against a real `otp serve`."""
import importlib
import subprocess
import sys

import httpx
import pytest
from openapi_spec_validator import validate

from tests.agentface.kit import served

pytestmark = pytest.mark.slow


def generated_client(base: str, tmp_path):
    response = httpx.get(f"{base}/openapi.json", timeout=120)  # built on first request: slow on a busy machine
    validate(response.json())
    (tmp_path / "openapi.json").write_text(response.text)
    done = subprocess.run([sys.executable, "-m", "openapi_python_client", "generate", "--path",
                           str(tmp_path / "openapi.json"), "--output-path", str(tmp_path / "gen")],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0 and "Warning" not in done.stdout + done.stderr, done.stdout + done.stderr
    sys.path.insert(0, str(tmp_path / "gen"))
    try:
        return importlib.import_module("otp_client")
    finally:
        sys.path.remove(str(tmp_path / "gen"))


def test_the_generated_client_works_the_chart_issues_and_todos(org, database_url, tmp_path):
    root = org.root()
    ops = org.seat("Operations", parent=root["id"])
    todo = org.ok("POST", "/api/v1/todos", {"title": "Call the supplier", "owner_seat_id": root["id"]}, status=201)
    with served(database_url, tmp_path) as base:
        otp = generated_client(base, tmp_path)
        from otp_client.api.chart import list_seats
        from otp_client.api.issues import raise_issue
        from otp_client.api.todos import assign_todo
        from otp_client.models import IssueCreate, WorkTodoAssign
        client = otp.AuthenticatedClient(base_url=base, token=org.token, timeout=httpx.Timeout(60))
        seats = list_seats.sync(client=client)
        issue = raise_issue.sync(client=client, body=IssueCreate(title="Supplier is late", owner_seat_id=ops["id"]))
        moved = assign_todo.sync(todo["id"], client=client, body=WorkTodoAssign(owner_seat_id=ops["id"]))
    assert {s.id for s in seats} == {root["id"], ops["id"]}
    assert org.ok("GET", f"/api/v1/issues/{issue.id}")["owner_seat_id"] == ops["id"]
    assert moved.owner_seat_id == ops["id"] == org.ok("GET", f"/api/v1/todos/{todo['id']}")["owner_seat_id"]
