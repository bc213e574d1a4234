"""Meeting settings (shown on /settings, checked on write; see otp.core.setting)."""
from __future__ import annotations

from otp.core.setting import Setting
from otp.meetings.ending import DEFAULT_OVERRUN_MINUTES, OVERRUN_SETTING

SETTINGS = [
    Setting(OVERRUN_SETTING, "End a forgotten meeting after",
            "A meeting still running this many minutes past its agenda's planned end is ended by the worker.",
            DEFAULT_OVERRUN_MINUTES, kind="int", group="Meetings", low=0, high=24 * 60, unit="minutes"),
]
