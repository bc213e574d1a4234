"""`otp serve --port` and `otp demo --port`: without OTP_PUBLIC_URL, the links OTP mails and the
OTP_URL it hands the agents it runs point at the port it serves, not at the default :8000."""
from __future__ import annotations

import pytest

from otp.cli.server import default_public_url
from otp.core.config import public_url


@pytest.mark.parametrize(("host", "expected"), [("127.0.0.1", "http://127.0.0.1:8011"),
                                                ("0.0.0.0", "http://127.0.0.1:8011"),
                                                ("otp.internal", "http://otp.internal:8011"),
                                                ("::1", "http://[::1]:8011")])
def test_the_served_port_becomes_the_public_url(monkeypatch, host, expected):
    monkeypatch.setenv("OTP_PUBLIC_URL", "")  # unset, and put back as it was after the test
    default_public_url(host, 8011)
    assert public_url() == expected


def test_an_operators_public_url_is_kept(monkeypatch):
    monkeypatch.setenv("OTP_PUBLIC_URL", "https://otp.example.com")
    default_public_url("0.0.0.0", 8011)
    assert public_url() == "https://otp.example.com"
