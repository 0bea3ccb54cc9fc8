"""Guards shared by every blueprint: who may enter, and where a sign-in may send them back."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import abort
from flask_login import current_user

from models import Role


def require_role(*roles: Role) -> None:
    """Answer 404 unless the signed-in user has one of ``roles`` (never reveal what exists)."""
    if not current_user.is_authenticated or current_user.role not in roles:
        abort(404)


def safe_next(target: str | None) -> str | None:
    """Keep ``next`` only when it is a path on this site (no scheme, no host, no '//')."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    parts = urlsplit(target)
    return target if not parts.scheme and not parts.netloc else None
