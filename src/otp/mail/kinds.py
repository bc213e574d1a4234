"""The kinds of mail a person may turn off, with the words the preferences show.

Any other kind (an invitation, a password reset) is mail the person asked for or cannot do
without: it is always sent."""
from __future__ import annotations

OPTIONAL = {
    "approval_waiting": "An approval waits for you",
    "escalation_raised": "An escalation was raised to you",
    "escalation_climbed": "An escalation climbed to you",
    "digest": "Daily digest of what needs you",
}
