"""Every test here traces into the SDK's in-memory exporter (otp.core.telemetry.install_in_memory),
with no OTEL_* variable set; tracing is off again after each test."""
import pytest

from otp.core import telemetry


@pytest.fixture
def spans():
    exporter = telemetry.install_in_memory()
    yield exporter
    telemetry.uninstall()
