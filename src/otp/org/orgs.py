"""Organizations: creation (with its owner and event chain), settings, lookups."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from otp.auth.actor import Actor, system_actor
from otp.governance.authz import require
from otp.core import validate
from otp.core.errors import Conflict, Invalid, NotFound
from otp.core.ids import new_id
from otp.events.service import record, start_chain
from otp.org.models import Membership, Organization, Person

DEFAULT_SETTINGS = {
    # Every agent-held seat needs a human-held seat somewhere above it.
    "require_human_above_agents": True,
}


def _boolean(field: str, value) -> bool:
    if not isinstance(value, bool):
        raise Invalid(f"{field} must be true or false", field=field)
    return value


def _pseudonym(field: str, value) -> str | None:
    return validate.text(field, value, max_len=200, required=False) or None


def _drift_periods(field: str, value) -> int:
    return validate.integer(field, value, low=1, high=52)


def _idle_minutes(field: str, value) -> float:
    # minutes without a request after which a web session ends (otp.auth.sessions); fractions
    # allowed (a rehearsal may use seconds), at most 14 days (the session's own lifetime)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not value > 0 or value > 20160:
        raise Invalid(f"{field} must be a number of minutes above 0 and at most 20160 (14 days)", field=field)
    return value
def _cents(field: str, value) -> int:
    return validate.integer(field, value, low=0, high=10**12)


# Settings whose type is checked when they are written: each rule returns the clean value or
# raises Invalid naming `settings.<key>`. null puts a setting back to its default. Every key
# starting with "oos_" must be one of these (a typo there would silently leave the OOS private
# or publish the real name).
SETTING_RULES = {
    "require_human_above_agents": _boolean,
    "drift_periods": _drift_periods,  # scorecard: consecutive off-target periods that raise an issue
    "session_idle_timeout_minutes": _idle_minutes,  # web sessions end after this long without a request
    # governance: all agents' spend this month together; warned at budget_warning_percent,
    # every agent paused at 100% (otp.governance.guards.check_org_budget). null: no cap.
    "org_monthly_budget_cents": _cents,
    "oos_public": _boolean,  # list the published OOS on the public network
    "oos_use_real_name": _boolean,  # publish under the organization's name instead of a pseudonym
    "oos_pseudonym": _pseudonym,  # the name the published OOS goes by
}
CHECKED_PREFIXES = ("oos_",)


def check_settings(current: dict, given) -> dict:
    """The organization's settings after merging `given` into `current`, every declared key
    (otp.org.settings_catalog: any domain's declarations) validated first — nothing is merged when
    one is wrong. Undeclared keys stay free-form, except under a checked prefix."""
    from otp.org.settings_catalog import by_key
    if not isinstance(given, dict):
        raise Invalid("settings must be an object", field="settings")
    declared = {k: d for k, d in by_key().items() if not d.column}
    merged = dict(current or {})
    for key, value in given.items():
        field = f"settings.{key}"
        rule = declared.get(key)
        if rule is None:
            if isinstance(key, str) and key.startswith(CHECKED_PREFIXES):
                known = ", ".join(k for k in declared if k.startswith(CHECKED_PREFIXES))
                raise Invalid(f"unknown setting {key!r}; the OOS settings are {known}", field=field)
            merged[key] = value
        elif value is None:
            merged.pop(key, None)
        else:
            clean = rule.clean(field, value)
            if clean is None:
                merged.pop(key, None)
            else:
                merged[key] = clean
    return merged


def setting(org: Organization, key: str):
    return (org.settings or {}).get(key, DEFAULT_SETTINGS.get(key))


def create_organization(session: Session, *, name: str, slug: str, owner_person_id: str,
                        timezone: str = "UTC", week_start: int = 0, by: Actor | None = None) -> Organization:
    name = validate.text("name", name)
    slug = validate.slug("slug", slug)
    timezone = validate.timezone_name("timezone", timezone)
    week_start = validate.integer("week_start", week_start, low=0, high=6)
    if session.execute(select(Organization.id).where(Organization.slug == slug)).first():
        raise Conflict(f"an organization with slug {slug!r} already exists", field="slug")
    owner = session.get(Person, owner_person_id)
    if owner is None:
        raise NotFound("no such person", field="owner_person_id")
    org = Organization(id=new_id("org"), name=name, slug=slug, timezone=timezone, week_start=week_start,
                       settings=dict(DEFAULT_SETTINGS))
    session.add(org)
    session.flush()
    start_chain(session, org.id)
    session.add(Membership(id=new_id("mem"), org_id=org.id, person_id=owner.id, role="owner"))
    actor = by if by is not None and by.org_id == org.id else system_actor(org.id)
    record(session, actor, "organization.created", "organization", org.id,
           {"name": name, "slug": slug, "timezone": timezone, "owner_person_id": owner.id,
            "created_by": by.ref() if by else None})
    return org


def get_organization(session: Session, actor: Actor) -> Organization:
    org = session.get(Organization, actor.org_id)
    if org is None:
        raise NotFound("organization not found")
    return org


def by_slug(session: Session, slug: str) -> Organization:
    org = session.execute(select(Organization).where(Organization.slug == slug)).scalar_one_or_none()
    if org is None:
        raise NotFound(f"no organization with slug {slug!r}", field="org")
    return org


def update_organization(session: Session, actor: Actor, changes: dict) -> Organization:
    org = get_organization(session, actor)
    clean: dict = {}
    for key, value in changes.items():
        if key == "name":
            clean[key] = validate.text("name", value)
        elif key == "timezone":
            clean[key] = validate.timezone_name("timezone", value)
        elif key == "week_start":
            clean[key] = validate.integer("week_start", value, low=0, high=6)
        elif key == "settings":
            clean[key] = check_settings(org.settings, value)
        else:
            raise Invalid(f"unknown or read-only field {key!r}", field=key)
    require(session, actor, "org.settings", {"type": "organization", "id": org.id})
    changed = {key: value for key, value in clean.items() if getattr(org, key) != value}
    if not changed:  # saving an unchanged form is not a change: no event
        return org
    for key, value in changed.items():
        setattr(org, key, value)
    record(session, actor, "organization.updated", "organization", org.id, changed)
    return org
