"""What a new password must be (set from an invitation, a reset link or a change)."""
from __future__ import annotations

from otp.core.errors import Invalid

MIN_LENGTH = 8
MAX_LENGTH = 200


def check(value, field: str = "password") -> str:
    if not isinstance(value, str) or not value:
        raise Invalid("a password is required", field=field)
    if len(value) < MIN_LENGTH:
        raise Invalid(f"the password must be at least {MIN_LENGTH} characters", field=field)
    if len(value) > MAX_LENGTH:
        raise Invalid(f"the password must be at most {MAX_LENGTH} characters", field=field)
    if not value.strip():
        raise Invalid("the password cannot be only spaces", field=field)
    if "\x00" in value:
        raise Invalid("the password must not contain NUL characters", field=field)
    return value
