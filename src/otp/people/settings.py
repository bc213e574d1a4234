"""Sign-in settings of the organization (declared here so the settings page shows their meaning)."""
from __future__ import annotations

from otp.core.setting import Setting


def _idle_minutes(field, value):
    from otp.org.orgs import SETTING_RULES
    return SETTING_RULES["session_idle_timeout_minutes"](field, value)


SETTINGS = [
    Setting("session_idle_timeout_minutes", "Sign out after inactivity",
            "A web session with no request for this long ends; the person signs in again. Fractions are "
            "allowed (a rehearsal may use seconds); at most 14 days, a session's own lifetime.",
            720, kind="number", group="Sign-in", unit="minutes", check=_idle_minutes),
]
