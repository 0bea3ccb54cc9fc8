"""The programme admin manages counselors: create, deactivate, reactivate, move.

A new counselor gets no password from the admin: the account starts with a one-time code
(as assisted registration does) that the counselor redeems in "Tengo un código" to choose
a password, and then enrols the authenticator app at the first sign-in, as every staff
member does. Cases belong to a territory (through the person's district), never to one
counselor, so moving or deactivating a counselor leaves every open case where it was.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from models import AuditAction, Role, StaffTotp, Territory, User

from . import sessions
from .access import NotFound, record
from .accounts import issue_setup_code

EMAIL_RE = re.compile(r"^[^@\s<>]+@[^@\s<>]+\.[a-z]{2,}$")


class StaffError(ValueError):
    """A change to a staff account that cannot be made; the message is in Spanish."""


@dataclass(frozen=True)
class CounselorRow:
    user: User
    territory: Territory | None
    enrolled: bool  # has an authenticator app


def territories(session: Session) -> list[Territory]:
    """Every territory (one per CDE), by name."""
    return list(session.scalars(sa.select(Territory).order_by(Territory.name)))


def list_counselors(session: Session) -> list[CounselorRow]:
    """Every counselor, active ones first, by territory and name."""
    enrolled = set(session.scalars(sa.select(StaffTotp.user_id).where(
        StaffTotp.confirmed_at.is_not(None))))
    users = session.scalars(
        sa.select(User).where(User.role == Role.COUNSELOR, User.erased_at.is_(None))
        .options(selectinload(User.territory))
        .order_by(User.is_active.desc(), User.territory_id, User.display_name))
    return [CounselorRow(u, u.territory, u.id in enrolled) for u in users]


def get_counselor(session: Session, user_id: int) -> User:
    """The counselor ``user_id``; NotFound for any other account."""
    user = session.get(User, user_id)
    if user is None or user.role != Role.COUNSELOR or user.erased_at is not None:
        raise NotFound(user_id)
    return user


def _territory(session: Session, territory_id: int | None) -> Territory:
    territory = session.get(Territory, territory_id) if territory_id else None
    if territory is None:
        raise StaffError(_("Elija el territorio (CDE) de la lista."))
    return territory


def create_counselor(session: Session, admin: User, name: str, email: str,
                     territory_id: int | None) -> tuple[User, str]:
    """Create a counselor of one territory with a one-time code (72 hours); commit."""
    name, email = (name or "").strip(), (email or "").strip().lower()
    if not name or len(name) > 120:
        raise StaffError(_("Escriba el nombre (hasta 120 caracteres)."))
    if not EMAIL_RE.match(email) or len(email) > 254:
        raise StaffError(_("Escriba un correo válido, por ejemplo nombre@cde.pe."))
    territory = _territory(session, territory_id)
    if session.scalar(sa.select(User.id).where(User.email == email)) is not None:
        raise StaffError(_("Ya existe una cuenta con ese correo."))
    user = User(role=Role.COUNSELOR, email=email, display_name=name, territory=territory)
    session.add(user)
    code = issue_setup_code(session, user)
    session.flush()
    record(session, admin, user.id, AuditAction.CREATE, "user", user.id,
           f"consejería de {territory.name}")
    try:
        session.commit()
    except IntegrityError:
        # The same e-mail saved a moment ago by another request.
        session.rollback()
        raise StaffError(_("Ya existe una cuenta con ese correo.")) from None
    return user, code


def new_code(session: Session, admin: User, user_id: int) -> tuple[User, str]:
    """Give a counselor a fresh one-time code (lost password); their sessions end; commit."""
    user = get_counselor(session, user_id)
    if not user.is_active:
        raise StaffError(_("La cuenta está desactivada: reactívela primero."))
    code = issue_setup_code(session, user)
    record(session, admin, user.id, AuditAction.UPDATE, "user", user.id, "código nuevo")
    session.commit()
    return user, code


def deactivate(session: Session, admin: User, user_id: int) -> User:
    """Stop a counselor from signing in; every session of theirs ends at once; commit."""
    user = get_counselor(session, user_id)
    user.is_active = False
    record(session, admin, user.id, AuditAction.UPDATE, "user", user.id, "cuenta desactivada")
    sessions.end_all(session, user)  # commits
    return user


def reactivate(session: Session, admin: User, user_id: int) -> User:
    """Let a deactivated counselor sign in again (same password and authenticator); commit."""
    user = get_counselor(session, user_id)
    user.is_active = True
    record(session, admin, user.id, AuditAction.UPDATE, "user", user.id, "cuenta reactivada")
    session.commit()
    return user


def move(session: Session, admin: User, user_id: int, territory_id: int | None) -> User:
    """Move a counselor to another territory; their cases stay with the old one; commit.

    What a counselor may see is read from the territory on every request, so the move
    takes effect at the next page, and no page of the old territory opens after it.
    """
    user = get_counselor(session, user_id)
    territory = _territory(session, territory_id)
    if territory.id == user.territory_id:
        raise StaffError(_("La persona ya trabaja en ese territorio."))
    before = user.territory.name if user.territory else ""
    user.territory = territory
    record(session, admin, user.id, AuditAction.UPDATE, "user", user.id,
           f"de {before} a {territory.name}")
    session.commit()
    return user
