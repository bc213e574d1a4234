"""Scorecard settings (shown on /settings, checked on write; see otp.core.setting)."""
from __future__ import annotations

from otp.core.setting import Setting
from otp.scorecard.drift import DEFAULT_DRIFT_PERIODS

SETTINGS = [
    Setting("drift_periods", "Off-target periods before an issue",
            "A measurable off target for this many periods in a row raises an issue by itself (once).",
            DEFAULT_DRIFT_PERIODS, kind="int", group="Guards", low=1, high=52, unit="periods"),
]
