"""Every organization setting any domain declares (otp.<domain>.settings: a SETTINGS list or a
declarations() function), in domain order. The API checks writes against it and the web settings
page is generated from it, so a new declaration is validated and shown without touching either.

A rule in otp.org.orgs.SETTING_RULES that nobody declared still appears (labelled by its key)."""
from __future__ import annotations

from functools import lru_cache

from otp.core.setting import Setting


@lru_cache(maxsize=1)
def _declared() -> tuple[Setting, ...]:
    from otp.domains import submodules
    from otp.org.orgs import DEFAULT_SETTINGS, SETTING_RULES
    found: list[Setting] = []
    for module in submodules("settings"):
        if hasattr(module, "declarations"):
            found.extend(module.declarations())
        found.extend(getattr(module, "SETTINGS", ()))
    keys = {s.key for s in found}
    for key, rule in SETTING_RULES.items():  # checked but never declared: show it plainly
        if key not in keys:
            default = DEFAULT_SETTINGS.get(key)
            kind = "bool" if isinstance(default, bool) else "text"
            found.append(Setting(key, key.replace("_", " ").capitalize(), "", default, kind=kind,
                                 group="Other", check=rule))
    seen: set[str] = set()
    for s in found:
        if s.key in seen:
            raise ValueError(f"organization setting {s.key!r} is declared twice")
        seen.add(s.key)
    return tuple(found)


def declared() -> tuple[Setting, ...]:
    return _declared()


def by_key() -> dict[str, Setting]:
    return {s.key: s for s in _declared()}


# Headings in the order a person looks for them; headings nobody listed follow, as declared.
ORDER = ("General", "Response times (SLAs)", "Guards", "Promotion", "Chart", "Meetings", "Webhooks",
         "OOS publishing")


def groups() -> list[tuple[str, list[Setting]]]:
    """Declarations by heading."""
    out: dict[str, list[Setting]] = {}
    for s in _declared():
        out.setdefault(s.group, []).append(s)
    rank = {g: i for i, g in enumerate(ORDER)}
    return sorted(out.items(), key=lambda item: rank.get(item[0], len(ORDER)))
