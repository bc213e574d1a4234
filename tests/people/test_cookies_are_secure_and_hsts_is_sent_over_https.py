"""Served at an https OTP_PUBLIC_URL the session cookie is Secure and every answer carries
Strict-Transport-Security; at a plain http address neither (the cookie would never come back)."""
from __future__ import annotations

from fastapi.testclient import TestClient

from otp.api.app import create_app
from otp.core.config import Settings


def _app(db, settings, public_url: str):
    return create_app(Settings(database_url=settings.database_url, data_dir=settings.data_dir,
                               secret_key="k", public_url=public_url), db)


def test_https_makes_the_cookie_secure_and_adds_hsts(db, settings):
    client = TestClient(_app(db, settings, "https://otp.example.com"), base_url="https://testserver")
    page = client.get("/login")
    assert "secure" in page.headers["set-cookie"].lower()
    assert page.headers["strict-transport-security"].startswith("max-age=")
    assert "strict-transport-security" in client.get("/api/v1/health").headers


def test_plain_http_sends_neither(db, settings):
    page = TestClient(_app(db, settings, "http://127.0.0.1:8000")).get("/login")
    assert "secure" not in page.headers["set-cookie"].lower()
    assert "strict-transport-security" not in page.headers
