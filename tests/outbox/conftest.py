"""The outbox tests deliver to receivers on 127.0.0.1, which the SSRF guard refuses unless the
operator allows private targets (otp.outbox.targets): allowed here for every test, except where
a module overrides `private_webhook_targets` to test the guard itself."""
import pytest

from otp.outbox.targets import ALLOW_ENV


@pytest.fixture(autouse=True)
def private_webhook_targets(monkeypatch):
    monkeypatch.setenv(ALLOW_ENV, "1")
