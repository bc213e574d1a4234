"""Configuration from environment variables and flags (flags win).

OTP_DATABASE_URL   SQLAlchemy URL; default: sqlite file in the data folder
OTP_DATA_DIR       data folder; default: ~/.otp
OTP_SECRET_KEY     signs sessions; generated once and kept in the data folder when absent
OTP_ALLOWED_HOSTS  comma-separated Host names the MCP HTTP transport accepts (besides localhost)
OTP_WORKER         'inline' (default: serve runs the worker tick in-process) or 'external'
"""
from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Settings:
    database_url: str
    data_dir: Path
    secret_key: str
    allowed_hosts: list[str] = field(default_factory=list)
    worker_mode: str = "inline"


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
    )


def normalize_url(url: str) -> str:
    """Accept plain postgres:// URLs and point them at psycopg 3."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url
