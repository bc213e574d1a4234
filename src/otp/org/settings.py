"""The organization's own settings: its name, timezone and week start (columns), the chart rule,
and how its OOS is published. Checked by otp.org.orgs.update_organization; shown on /settings."""
from __future__ import annotations

from otp.core.setting import Setting

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _rule(key: str):
    # The rules stay in orgs.SETTING_RULES (the API checked them before declarations existed).
    def check(field, value):
        from otp.org.orgs import SETTING_RULES
        return SETTING_RULES[key](field, value)
    return check


def _timezone(field, value):
    from otp.core import validate
    return validate.timezone_name(field, value)


def _name(field, value):
    from otp.core import validate
    return validate.text(field, value)


SETTINGS = [
    Setting("name", "Organization name", "Shown at the top of every page, in mail and in the published OOS "
            "when you publish under your real name.", None, kind="text", column=True, check=_name),
    Setting("timezone", "Timezone", "Every time on every page is shown in this timezone; weeks, meetings "
            "and daily digests follow it.", "UTC", kind="text", column=True, check=_timezone,
            extra={"list": "timezones"}),
    Setting("week_start", "Week starts on", "The first day of a scorecard week and of the weekly cadence.",
            0, kind="choice", column=True, choices=tuple(enumerate(WEEKDAYS))),
    Setting("require_human_above_agents", "A human above every agent",
            "Every seat held by an agent needs a seat held by a person somewhere above it: the human who "
            "answers for the agent.", True, kind="bool", group="Chart", check=_rule("require_human_above_agents")),
    Setting("oos_public", "List the published OOS publicly",
            "Show your published Organizational Operating System on the public network of organizations.",
            False, kind="bool", group="OOS publishing", check=_rule("oos_public")),
    Setting("oos_use_real_name", "Publish under the real name",
            "Publish the OOS under the organization's name instead of a pseudonym.", False, kind="bool",
            group="OOS publishing", check=_rule("oos_use_real_name")),
    Setting("oos_pseudonym", "Pseudonym", "The name the published OOS goes by when not under the real name.",
            None, kind="text", group="OOS publishing", check=_rule("oos_pseudonym")),
]
