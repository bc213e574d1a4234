"""Configuration from environment variables and flags (flags win).

OTP_DATABASE_URL   SQLAlchemy URL; default: sqlite file in the data folder
OTP_DATA_DIR       data folder; default: ~/.otp
OTP_SECRET_KEY     signs sessions; generated once and kept in the data folder when absent
OTP_AUDIT_KEY      keys the audit chain's hashes; default: derived from the secret key (see
                   otp.core.audit_keys, which also reads OTP_AUDIT_PREVIOUS_KEYS)
OTP_ALLOWED_HOSTS  comma-separated Host names the MCP HTTP transport accepts (besides localhost)
OTP_WORKER         'inline' (default: serve runs the worker tick in-process) or 'external'
OTP_SMTP_URL       where mail goes: smtp://user:pass@host:587 (STARTTLS when offered), smtps://host:465
                   (implicit TLS); absent: mail stays queued, nothing else changes
OTP_MAIL_FROM      the From address; default: OTP <otp@localhost>
OTP_PUBLIC_URL     the address people reach OTP at, for links in mail; default: http://127.0.0.1:8000
"""
from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from otp.core import audit_keys
from otp.core.audit_keys import AuditKey
DEFAULT_MAIL_FROM = "OTP <otp@localhost>"
DEFAULT_PUBLIC_URL = "http://127.0.0.1:8000"


@dataclass
class Settings:
    database_url: str
    data_dir: Path
    secret_key: str
    allowed_hosts: list[str] = field(default_factory=list)
    worker_mode: str = "inline"
    # OTP_AUDIT_KEY; None: derived from secret_key
    audit_key: str | None = field(default_factory=lambda: os.environ.get(audit_keys.AUDIT_KEY_ENV) or None)

    def audit(self) -> AuditKey:
        """The audit chain's key: OTP_AUDIT_KEY as loaded, else one derived from the secret key."""
        return AuditKey.of(self.audit_key or audit_keys.derived_from_secret(self.secret_key))
    smtp_url: str | None = None
    mail_from: str = DEFAULT_MAIL_FROM
    public_url: str = DEFAULT_PUBLIC_URL


# Read at each use, not once: the worker and the mail links run outside any app object, and a
# changed environment (a test's SMTP server, a restarted process) must be seen without plumbing.
def smtp_url() -> str | None:
    return os.environ.get("OTP_SMTP_URL", "").strip() or None


def mail_from() -> str:
    return os.environ.get("OTP_MAIL_FROM", "").strip() or DEFAULT_MAIL_FROM


def public_url() -> str:
    return (os.environ.get("OTP_PUBLIC_URL", "").strip() or DEFAULT_PUBLIC_URL).rstrip("/")


def data_dir(explicit: str | None = None) -> Path:
    path = Path(explicit or os.environ.get("OTP_DATA_DIR") or Path.home() / ".otp").expanduser()
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_database_url(folder: Path) -> str:
    return f"sqlite:///{folder / 'otp.sqlite3'}"


def _secret_key(folder: Path) -> str:
    env = os.environ.get("OTP_SECRET_KEY")
    if env:
        return env
    key_file = folder / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    key = secrets.token_urlsafe(48)
    key_file.write_text(key)
    key_file.chmod(0o600)
    return key


def load_settings(database_url: str | None = None, data_dir_path: str | None = None) -> Settings:
    folder = data_dir(data_dir_path)
    url = database_url or os.environ.get("OTP_DATABASE_URL") or default_database_url(folder)
    hosts = [h.strip() for h in os.environ.get("OTP_ALLOWED_HOSTS", "").split(",") if h.strip()]
    return Settings(
        database_url=normalize_url(url),
        data_dir=folder,
        secret_key=_secret_key(folder),
        allowed_hosts=hosts,
        worker_mode=os.environ.get("OTP_WORKER", "inline"),
        smtp_url=smtp_url(),
        mail_from=mail_from(),
        public_url=public_url(),
    )


def normalize_url(url: str) -> str:
    """Accept plain postgres:// URLs and point them at psycopg 3."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url
