"""Mentions: `@[Seat Title]` or `@seat-title-slug` in free text puts an inbox item in front of
whoever holds that seat now.

Accountability is per seat, so a mention names a seat, never a person:

- `@[Head of Sales]` — the seat's title in brackets (any case, any spacing or punctuation);
- `@head-of-sales` — the same title as a slug: lower case, every run of characters other than
  letters and digits replaced by one hyphen (`@ceo`, `@ops-agent`, `@vp-r-d` for "VP R&D").

Both forms compare the slug of what is written with the slug of each seat title, so
`@[head of sales]`, `@[Head  of Sales]` and `@Head-of-Sales` all name "Head of Sales". An `@` right
after a letter or digit (an e-mail address) is not a mention.

Resolution happens within the author's organization only. The item goes to the seat's current
occupant, person or agent; a vacant seat, an unknown name and the author's own seat give no item
(never an error: free text is free). A title shared by several seats reaches each of their
occupants. One text gives at most one item per actor, and only its first MAX_MENTIONS distinct
mentions count, so a text cannot fan out to the whole chart. Only people and agents notify: a
text the platform copies (a drift issue quoting a status note) was already delivered by its
author's own action.

`notify` runs in the caller's transaction after the caller has passed governance, so an item
exists exactly when the text that mentions it does. Editing a text notifies only the mentions
the edit adds (pass the previous texts as `before`).
"""
from __future__ import annotations

import re
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from otp.auth.actor import Actor
from otp.inbox.models import InboxItem
from otp.inbox.service import deliver
from otp.org.models import Seat

MAX_MENTIONS = 20  # distinct mentions per text that count; the rest are ignored
EXCERPT = 240  # characters of context carried in the item's body
MAX_BRACKETED = 200  # a seat title is at most 200 characters

_MENTION = re.compile(r"(?<![\w@])@(?:\[([^\[\]\r\n]{1,%d})\]|(\w+(?:-\w+)*))" % MAX_BRACKETED)
_NOT_SLUG = re.compile(r"[\W_]+")
_SPACE = re.compile(r"\s+")


def slug(text: str) -> str:
    """'Head of Sales' -> 'head-of-sales'; 'VP R&D' -> 'vp-r-d'."""
    return _NOT_SLUG.sub("-", text.casefold()).strip("-")


def find(text: str | None, limit: int = MAX_MENTIONS) -> list[str]:
    """The distinct mentioned seat slugs of a text, in order of first appearance, at most `limit`."""
    keys: list[str] = []
    if not text or "@" not in text:
        return keys
    for m in _MENTION.finditer(text):
        key = slug(m.group(1) if m.group(1) is not None else m.group(2))
        if key and key not in keys:
            keys.append(key)
            if len(keys) >= limit:
                break
    return keys


def notify(session: Session, actor: Actor, texts: Iterable[str | None], *, link_type: str, link_id: str,
           what: str, before: Iterable[str | None] = ()) -> list[InboxItem]:
    """Deliver one `mention` item per actor newly mentioned in `texts` (together one text: one
    item per actor, MAX_MENTIONS mentions). Mentions already present in `before` (the texts as
    they were before an edit) are not delivered again. `what` names the source for the item's
    title, e.g. 'issue "Churn is up"'. Returns the items delivered."""
    if actor.kind not in ("person", "agent") or actor.id is None:
        return []
    texts = [t for t in texts if t]
    keys = find("\n".join(texts))
    if not keys:
        return []
    already = set(find("\n".join(t for t in before if t), limit=10 * MAX_MENTIONS))
    keys = [k for k in keys if k not in already]
    if not keys:
        return []
    by_slug: dict[str, list] = {}
    for row in session.execute(select(Seat.id, Seat.title, Seat.occupant_person_id, Seat.occupant_agent_id)
                               .where(Seat.org_id == actor.org_id).order_by(Seat.id)):
        by_slug.setdefault(slug(row[1]), []).append(row)
    items: list[InboxItem] = []
    reached = {(actor.kind, actor.id)}  # never the author
    author = actor.name or ("an agent" if actor.kind == "agent" else "someone")
    for key in keys:
        for _seat_id, title, person_id, agent_id in by_slug.get(key, ()):
            recipient = ("person", person_id) if person_id else ("agent", agent_id) if agent_id else None
            if recipient is None or recipient in reached:
                continue
            reached.add(recipient)
            items.append(deliver(session, actor.org_id, recipient[0], recipient[1], "mention",
                                 f"{author} mentioned @[{title}] in {what}", _excerpt(texts, key),
                                 link_type, link_id))
    return items


def _excerpt(texts: list[str], key: str) -> str:
    """The text around the first mention of `key`, whitespace collapsed, at most EXCERPT characters."""
    for text in texts:
        for m in _MENTION.finditer(text):
            if slug(m.group(1) if m.group(1) is not None else m.group(2)) == key:
                flat_before = _SPACE.sub(" ", text[:m.start()])
                flat = flat_before + _SPACE.sub(" ", text[m.start():])
                start = max(0, min(len(flat_before) - EXCERPT // 3, len(flat) - EXCERPT))
                piece = flat[start:start + EXCERPT].strip()
                return ("…" if start > 0 else "") + piece + ("…" if start + EXCERPT < len(flat) else "")
    return ""
