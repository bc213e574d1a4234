"""Webhook settings (shown on /settings, checked on write; see otp.core.setting)."""
from __future__ import annotations

from otp.core.setting import Setting
from otp.outbox.delivery import DEFAULT_MAX_FAILURES

SETTINGS = [
    Setting("webhook_max_failures", "Disable a webhook after",
            "Consecutive failed deliveries after which a webhook is disabled (retries back off from 30 seconds "
            "to 6 hours).", DEFAULT_MAX_FAILURES, kind="int", group="Webhooks", low=1, high=1000, unit="failures"),
]
