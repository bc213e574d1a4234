"""Periodic cleanup: codes past their lifetime (kept an hour longer, so a late replay still finds
its code and revokes what it issued) and grants that can no longer be refreshed (expired or
revoked; their agent token has expired or been revoked by then and stays listed as such)."""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, or_

from otp.core.jobs import periodic
from otp.oauth.models import OAuthCode, OAuthGrant

CODE_GRACE = timedelta(hours=1)


@periodic("oauth.cleanup")
def cleanup(db, now: datetime) -> int:
    with db.write() as s:
        codes = s.execute(delete(OAuthCode).where(OAuthCode.expires_at < now - CODE_GRACE)).rowcount or 0
        # Codes point at grants by id only (no foreign key): deleting a grant leaves nothing dangling.
        dead = s.execute(delete(OAuthGrant).where(or_(OAuthGrant.refresh_expires_at < now,
                                                      OAuthGrant.revoked_at.is_not(None)))).rowcount or 0
    return codes + dead
