"""Governance core: the action catalogue, the level matrix and the one policy decision.

Pure and database-free. The database layer compiles an organization's stored policy rows into a
:class:`PolicySet` (once per policy version; it is immutable and thread-safe) and every service
mutation calls :func:`decide` before it changes anything::

    from otp.governance import PolicySet, Actor, Resource, decide

    policy = PolicySet.build(org_id=1, hard_deny=[{"id": "no-prod", "actions": ["deploy"]}])
    agent = Actor.agent("a1", level=5, org_id=1, seat_ids={"s-ops"})
    d = decide(policy, agent, "measurable.report", Resource(type="measurable", id=3, owner_seat_id="s-ops"))
    d.effect, d.rule, d.reason  # ('allow', 'matrix:L5:measurable.report', '...')

Modules: ``catalog`` (action classes), ``matrix`` (level × action defaults and org edits),
``roles`` (people), ``rules`` (rule data), ``model`` (Actor, Resource, Decision), ``policy``
(compilation and indexing), ``decide`` (the decision).

The runtime around it (database-backed; import the modules directly, not from here):
``models`` (tables), ``store`` (policy_for: compiled and cached per org and policy version),
``policy_edit`` (governed edits), ``gate`` (what otp.governance.authz.require uses), ``routing``,
``approvals``, ``escalations``, ``autonomy`` + ``eligibility`` (the ledger, incidents),
``guards`` (kill switch, budget, loop guard, heartbeat), ``external`` (declared external
actions), ``jobs`` (worker tasks), ``api``/``api_agents``/``schemas``/``cli``/``demo`` (faces).
"""
from .catalog import (BUILTIN_CLASSES, DEFAULT_CATALOG, ActionClass, Catalog, UnknownActionError,
                      build_catalog)
from .decide import decide
from .matrix import (AGENT_NEVER, ALLOW_FROM, ALWAYS_ASK, DEFAULT_SCOPES, EFFECTS, LEVEL_NAMES, LEVELS, Matrix,
                     default_matrix, with_overrides)
from .model import Actor, Decision, Resource
from .policy import PolicySet
from .roles import ADMIN_ONLY, ROLES, role_effect, role_table
from .rules import Condition, HardDenyRule, OutcomeGrant, SeatOverride, SpendLimits

__all__ = [
    "ActionClass", "Catalog", "UnknownActionError", "BUILTIN_CLASSES", "DEFAULT_CATALOG", "build_catalog",
    "Matrix", "default_matrix", "with_overrides", "LEVELS", "LEVEL_NAMES", "EFFECTS", "AGENT_NEVER",
    "ALLOW_FROM", "ALWAYS_ASK", "DEFAULT_SCOPES",
    "ROLES", "ADMIN_ONLY", "role_effect", "role_table",
    "Condition", "HardDenyRule", "OutcomeGrant", "SeatOverride", "SpendLimits",
    "Actor", "Resource", "Decision", "PolicySet", "decide",
]
