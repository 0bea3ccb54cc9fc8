"""Second factor for staff: a TOTP authenticator app (RFC 6238) and one-time recovery codes.

Counselors and the admin see every youth of a territory (or all): a password alone is not
enough for them. They enrol at their first sign-in; the CLI and the demo seed create them
without one.
"""

from __future__ import annotations

import secrets

import pyotp
import sqlalchemy as sa
from sqlalchemy.orm import Session

from models import AuditAction, RecoveryCode, Role, StaffTotp, User, utcnow

from .access import record
from .passwords import hash_password, verify_password

STAFF = (Role.COUNSELOR, Role.ADMIN)
ISSUER = "Chamba"
RECOVERY_CODES = 10
# No characters that look alike (0/o, 1/l/i): codes are copied from paper.
_RECOVERY_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"


def required(user: User) -> bool:
    return user.role in STAFF


def enrolled(session: Session, user: User) -> bool:
    row = session.get(StaffTotp, user.id)
    return row is not None and row.confirmed_at is not None


def pending_secret(session: Session, user: User) -> str:
    """The secret to show while enrolling: the same one until a code from it is typed."""
    row = session.get(StaffTotp, user.id)
    if row is None:
        row = StaffTotp(user_id=user.id, secret=pyotp.random_base32())
        session.add(row)
        session.commit()
    elif row.confirmed_at is not None:
        raise ValueError("already enrolled")
    return row.secret


def provisioning_uri(user: User, secret: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=user.email or str(user.id),
                                               issuer_name=ISSUER)


def _step_accepted(session: Session, user: User, secret: str, code: str) -> bool:
    """Accept a code of the current 30-second step or the one next to it, once only."""
    code = code.replace(" ", "")
    if not (len(code) == 6 and code.isascii() and code.isdigit()):
        return False
    totp = pyotp.TOTP(secret)
    now = utcnow()
    for offset in (0, -1, 1):
        step = totp.timecode(now) + offset
        if secrets.compare_digest(totp.generate_otp(step), code):
            # Conditional update: two requests with the same code cannot both pass.
            taken = session.execute(sa.update(StaffTotp).where(
                StaffTotp.user_id == user.id,
                sa.or_(StaffTotp.last_step.is_(None), StaffTotp.last_step < step))
                .values(last_step=step)).rowcount
            return bool(taken)
    return False


def _new_recovery_codes(session: Session, user: User) -> list[str]:
    session.execute(sa.delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = ["-".join("".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(4))
                      for _ in range(3)) for _ in range(RECOVERY_CODES)]
    session.add_all(RecoveryCode(user_id=user.id, code_hash=hash_password(code))
                    for code in codes)
    return codes


def confirm(session: Session, user: User, code: str) -> list[str] | None:
    """Finish enrolment with a first code from the app; return the recovery codes (shown once),
    or None when the code is wrong."""
    row = session.get(StaffTotp, user.id)
    if row is None or row.confirmed_at is not None:
        return None
    if not _step_accepted(session, user, row.secret, code):
        session.rollback()
        return None
    row.confirmed_at = utcnow()
    codes = _new_recovery_codes(session, user)
    session.commit()
    return codes


def verify(session: Session, user: User, code: str) -> str | None:
    """Check a sign-in code: "totp" or "recovery" for what matched, None for nothing."""
    row = session.get(StaffTotp, user.id)
    if row is None or row.confirmed_at is None:
        return None
    if _step_accepted(session, user, row.secret, code):
        session.commit()
        return "totp"
    session.rollback()
    typed = code.strip().lower()
    if len(typed) != 14:
        return None
    for candidate in session.scalars(sa.select(RecoveryCode).where(
            RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))):
        if verify_password(candidate.code_hash, typed):
            used = session.execute(sa.update(RecoveryCode).where(
                RecoveryCode.id == candidate.id, RecoveryCode.used_at.is_(None))
                .values(used_at=utcnow())).rowcount
            session.commit()
            return "recovery" if used else None
    return None


def recovery_left(session: Session, user: User) -> int:
    return session.scalar(sa.select(sa.func.count()).select_from(RecoveryCode).where(
        RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))) or 0


def reset(session: Session, user: User, actor: User | None = None) -> None:
    """Forget the authenticator and recovery codes (lost phone): enrol again at next sign-in.
    Every session ends."""
    session.execute(sa.delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    session.execute(sa.delete(StaffTotp).where(StaffTotp.user_id == user.id))
    user.end_all_sessions()
    if actor is not None:
        record(session, actor, user.id, AuditAction.UPDATE, "user", user.id,
               "segundo factor reiniciado")
    session.commit()
