"""The first web pages: log in, see the chart (humans and agents distinct, vacancies shown)."""
from __future__ import annotations

import re

from fastapi.testclient import TestClient

from otp.api.app import create_app
from otp.core.config import Settings
from otp.demo.seed import ensure_demo


def login(client: TestClient, email: str, password: str):
    page = client.get("/login")
    assert page.status_code == 200
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    return client.post("/login", data={"email": email, "password": password, "csrf_token": csrf},
                       follow_redirects=False)


def demo_client(demo_db) -> TestClient:
    ensure_demo(demo_db)
    return TestClient(create_app(Settings(database_url=demo_db.url, data_dir=None, secret_key="k"), demo_db))


def test_the_demo_owner_logs_in_and_sees_the_chart(demo_db):
    with demo_client(demo_db) as client:
        response = login(client, "owner@example.com", "demo")
        assert response.status_code == 303 and response.headers["location"] == "/"
        page = client.get("/chart")
    assert page.status_code == 200
    assert page.text.count('class="seat person"') == 5
    assert page.text.count('class="seat agent"') == 8
    assert 'class="seat vacant"' in page.text and "Head of Growth" in page.text
    assert "Agent · L8" in page.text


def test_a_wrong_password_is_refused_without_a_session(demo_db):
    with demo_client(demo_db) as client:
        response = login(client, "owner@example.com", "nope")
        assert response.status_code == 401 and "wrong password" in response.text
        assert client.get("/chart", follow_redirects=False).headers["location"].startswith("/login")


def test_login_without_the_csrf_token_is_refused(demo_db):
    with demo_client(demo_db) as client:
        client.get("/login")
        response = client.post("/login", data={"email": "owner@example.com", "password": "demo"})
        assert response.status_code == 403


def test_the_session_cookie_also_authenticates_the_api(demo_db):
    with demo_client(demo_db) as client:
        login(client, "owner@example.com", "demo")
        assert len(client.get("/api/v1/chart").json()["seats"]) == 14


def test_cookie_authenticated_api_writes_need_the_csrf_header(demo_db):
    with demo_client(demo_db) as client:
        login(client, "owner@example.com", "demo")
        seat = client.get("/api/v1/chart").json()["seats"][0]
        assert client.patch(f"/api/v1/seats/{seat['id']}", json={"title": "Hijacked"}).status_code == 403
        page = client.get("/chart")
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        response = client.patch(f"/api/v1/seats/{seat['id']}", json={"title": "Chief"}, headers={"X-CSRF-Token": csrf})
        assert response.status_code == 200 and response.json()["title"] == "Chief"
