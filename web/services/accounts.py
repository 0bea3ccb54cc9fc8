"""Accounts: sign-up, sign-in, sign-out everywhere, with consent recorded in the same commit."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import UTC, date, timedelta

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from matcher.text import normalize_text
from models import (
    AuditAction,
    CandidateProfile,
    Consent,
    ConsentMethod,
    ConsentPurpose,
    District,
    Employer,
    Notification,
    NotificationChannel,
    Role,
    Sector,
    Territory,
    User,
    Visibility,
    utcnow,
)

from .access import find_profile_for, record
from .passwords import hash_password, needs_rehash, verify_password

# The privacy notice's version is the day it took effect; a consent records the one it
# was given under. 2026-12: no sensitive data, profiling, WhatsApp abroad; 2026-12-06:
# says in full what a verified business sees of a visible profile.
NOTICE_VERSION = "2026-12-06"
# One answer whether the phone or e-mail is taken or not: sign-up does not say who has an
# account (same words, and the same work, since the password is hashed first either way).
# Youth and businesses both read it: no tú, no usted.
SIGNUP_REFUSED = _l("No pudimos crear la cuenta con esos datos. Si ya hay una cuenta con "
                    "ellos, se puede ingresar; si se olvidó la contraseña, el CDE da un código "
                    "nuevo.")
PHONE_RE = re.compile(r"^9[0-9]{8}$")
DNI_RE = re.compile(r"^[0-9]{8}$")
USERNAME_RE = re.compile(r"^[a-z][a-z0-9.]{2,31}$")
# Siblings may share one phone, up to this many profiles (each sign-in checks every one).
PHONE_SHARE_LIMIT = 4


class AccountError(ValueError):
    """A sign-up or sign-in that cannot proceed; the message is for the person, in Spanish."""


def normalise_phone(raw: str) -> str | None:
    """Return a 9-digit Peruvian mobile number from what a person typed, or None."""
    digits = re.sub(r"[\s\-()]", "", raw or "")
    if digits.startswith("+51"):
        digits = digits[3:]
    elif digits.startswith("0051"):
        digits = digits[4:]
    return digits if PHONE_RE.match(digits) else None


def split_login(identifier: str) -> dict[str, str]:
    """Say whether ``identifier`` is a phone, a DNI, an e-mail or a username: {kind: value}."""
    phone = normalise_phone(identifier)
    if phone:
        return {"phone": phone}
    text = identifier.strip().lower()
    if DNI_RE.match(text):
        return {"dni": text}
    return {"email": text} if "@" in text else {"username": text}


def _users_named(identifier: str) -> sa.Select:
    """The accounts ``identifier`` names: one, or a few siblings on a shared phone."""
    (kind, value), = split_login(identifier).items()
    if kind == "dni":
        query = sa.select(User).join(CandidateProfile, CandidateProfile.user_id == User.id) \
            .where(CandidateProfile.dni == value)
    else:
        query = sa.select(User).where(getattr(User, kind) == value)
    return query.order_by(User.id).limit(PHONE_SHARE_LIMIT)


# Verifying against a real hash keeps the time of "no such user" equal to "wrong password".
_DUMMY_HASH = hash_password("chamba-no-such-account")


def find_user_id(session: Session, identifier: str) -> int | None:
    """The id of the account ``identifier`` names, if any (for the throttle; never shown).

    On a phone shared by siblings, the first of them: they share the phone's counters too.
    """
    return session.scalar(_users_named(identifier).with_only_columns(User.id))


def password_matches(session: Session, identifier: str, password: str) -> list[User]:
    """The active accounts named by ``identifier`` whose password is ``password``.

    Usually one or none. On a phone shared by siblings each has her own password, so the
    password says who it is; only when two chose the same one does sign-in ask which person,
    and then only of someone who already knows that password (no list of names for strangers).
    """
    users = list(session.scalars(_users_named(identifier)))
    matched = []
    for user in users or [None]:
        if user is None or not user.is_active or not user.password_hash:
            # Verifying against a real hash keeps "no such user" as slow as a wrong password.
            verify_password(_DUMMY_HASH, password)
        elif verify_password(user.password_hash, password):
            if needs_rehash(user.password_hash):
                user.password_hash = hash_password(password)
            matched.append(user)
    return matched


def signed_in(session: Session, user: User) -> User:
    """Record that ``user`` signed in now, and commit."""
    user.last_login_at = utcnow()
    session.commit()
    return user


def authenticate(session: Session, identifier: str, password: str) -> User | None:
    """Return the one active user whose login and password match, or None."""
    matched = password_matches(session, identifier, password)
    return signed_in(session, matched[0]) if len(matched) == 1 else None


def masked_name(user: User) -> str:
    """A name to tell siblings apart without showing it whole: 'Ro··· Q.'."""
    profile = user.profile
    first = (profile.first_name if profile else user.display_name).strip()
    last = (profile.last_name if profile else "").strip()
    return f"{first[:2]}···" + (f" {last[:1]}." if last else "")


def person_choices(session: Session, user_ids: list[int]) -> list[tuple[int, str]]:
    """(id, masked name) of each sibling a shared-phone sign-in may choose from."""
    users = session.scalars(sa.select(User).where(User.id.in_(user_ids)).order_by(User.id))
    return [(user.id, masked_name(user)) for user in users]


def choose_person(session: Session, candidate_ids: list[int], chosen_id: int) -> User:
    """Finish a sign-in on a shared phone: the person chosen among those whose password
    matched a moment ago (the ids come from the signed session, never from the form)."""
    if chosen_id not in candidate_ids:
        raise AccountError(_("Elige tu nombre de la lista."))
    user = session.get(User, chosen_id)
    if user is None or not user.is_active:
        raise AccountError(_("Elige tu nombre de la lista."))
    return signed_in(session, user)


def load_session_user(session: Session, session_id: str) -> User | None:
    """Return the user for a session id ``"<id>:<version>"`` if that session is still valid."""
    user_id, _, version = session_id.partition(":")
    if not (user_id.isdigit() and version.isdigit()):
        return None
    user = session.get(User, int(user_id))
    if user is None or not user.is_active or user.session_version != int(version):
        return None
    return user


def end_all_sessions(session: Session, user: User) -> None:
    """Sign the user out on every device, copied cookies included."""
    user.end_all_sessions()
    session.commit()


def change_password(session: Session, user: User, current: str, new: str) -> None:
    """Set a new password after checking the current one; ends every other session."""
    if not verify_password(user.password_hash, current):
        raise AccountError(_("La contraseña actual no es correcta."))
    user.password_hash = hash_password(new)
    user.end_all_sessions()
    session.commit()


def _login_taken(session: Session, phone: str | None, email: str | None) -> bool:
    clauses = []
    if phone:
        clauses.append(User.phone == phone)
    if email:
        clauses.append(User.email == email)
    return bool(clauses) and session.scalar(sa.select(User.id).where(sa.or_(*clauses))) is not None


def _consents(user: User, *, visible: bool, method: ConsentMethod,
              captured_by: User | None = None, guardian_name: str | None = None,
              guardian_relation: str | None = None) -> list[Consent]:
    common = dict(user=user, notice_version=NOTICE_VERSION, method=method,
                  captured_by=captured_by, guardian_name=guardian_name,
                  guardian_relation=guardian_relation)
    return [Consent(purpose=ConsentPurpose.PROCESSING, granted=True, **common),
            Consent(purpose=ConsentPurpose.VISIBILITY, granted=visible, **common)]


@dataclass(frozen=True)
class YouthSignup:
    first_name: str
    last_name: str
    phone: str | None
    email: str | None
    password: str
    birth_date: date
    visible_to_employers: bool
    guardian_name: str | None = None
    guardian_relation: str | None = None


def register_youth(session: Session, data: YouthSignup) -> User:
    """Create a youth account, its profile and its consent records, all in one commit."""
    password_hash = hash_password(data.password)
    if _login_taken(session, data.phone, data.email):
        raise AccountError(SIGNUP_REFUSED)
    user = User(role=Role.YOUTH, phone=data.phone, email=data.email,
                display_name=data.first_name, password_hash=password_hash)
    profile = CandidateProfile(
        user=user, first_name=data.first_name, last_name=data.last_name,
        birth_date=data.birth_date,
        visibility=Visibility.EMPLOYERS if data.visible_to_employers else Visibility.PRIVATE,
    )
    session.add_all([user, profile])
    session.add_all(_consents(user, visible=data.visible_to_employers,
                              method=ConsentMethod.ONLINE, guardian_name=data.guardian_name,
                              guardian_relation=data.guardian_relation))
    return _commit_new(session, user)


@dataclass(frozen=True)
class EmployerSignup:
    business_name: str
    ruc: str | None
    district_code: str
    sector: Sector
    contact_name: str
    contact_phone: str | None
    email: str | None
    password: str


def register_employer(session: Session, data: EmployerSignup) -> User:
    """Create an employer account, pending until a counselor verifies it.

    The login is the e-mail; a business without one signs in with its contact phone.
    """
    password_hash = hash_password(data.password)
    login_phone = None if data.email else data.contact_phone
    if not (data.email or login_phone):
        raise AccountError(_("Escriba su celular o su correo: con uno de ellos ingresará a "
                             "Chamba."))
    if _login_taken(session, login_phone, data.email):
        raise AccountError(SIGNUP_REFUSED)
    if data.ruc and session.scalar(sa.select(Employer.id).filter_by(ruc=data.ruc)):
        raise AccountError(_("Ese RUC ya está registrado. Consulte con el CDE de su provincia."))
    user = User(role=Role.EMPLOYER, email=data.email, phone=login_phone,
                display_name=data.contact_name, password_hash=password_hash)
    employer = Employer(owner=user, name=data.business_name, ruc=data.ruc,
                        district_code=data.district_code, sector=data.sector,
                        contact_name=data.contact_name, contact_phone=data.contact_phone,
                        contact_email=data.email)
    session.add_all([user, employer])
    return _commit_new(session, user)


def _commit_new(session: Session, user: User) -> User:
    try:
        session.commit()
    except IntegrityError:
        # Two sign-ups with the same login at the same moment: the database keeps one.
        session.rollback()
        raise AccountError(SIGNUP_REFUSED) from None
    return user


# --- one-time codes: assisted registration and counselor resets ------------------------------

CODE_ALPHABET = "23456789"  # digits only, none that look alike: easy to read aloud and type


def _new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))


def issue_setup_code(session: Session, user: User, hours: int = 72) -> str:
    """Give ``user`` a fresh one-time code (hashed at rest); every session ends. Not committed."""
    code = _new_code()
    user.setup_code_hash = hash_password(code)
    user.setup_code_expires_at = utcnow() + timedelta(hours=hours)
    user.end_all_sessions()
    return code


def _code_is_valid(user: User | None, code: str) -> bool:
    """One hash check whatever the case (no account, no code, expired, wrong code)."""
    matches = verify_password(user.setup_code_hash if user and user.setup_code_hash
                              else _DUMMY_HASH, code) and user is not None \
        and user.setup_code_hash is not None
    expires = user.setup_code_expires_at if user else None
    if expires is not None and expires.tzinfo is None:  # SQLite returns naive datetimes
        expires = expires.replace(tzinfo=UTC)
    return bool(matches and user.is_active and expires is not None and expires > utcnow())


def redeem_setup_code(session: Session, identifier: str, code: str, new_password: str) -> User:
    """Set the password of the account whose one-time code matches; the code then dies.

    On a phone shared by siblings the code itself says whose account it is.
    """
    code = code.replace(" ", "").replace("-", "")
    users = list(session.scalars(_users_named(identifier))) or [None]
    valid = [u for u in users if _code_is_valid(u, code)]  # every one checked: even timing
    user = valid[0] if valid else None
    if user is None:
        raise AccountError(_("El código no es válido o ya venció. El CDE puede dar uno nuevo."))
    user.password_hash = hash_password(new_password)
    user.setup_code_hash = None
    user.setup_code_expires_at = None
    user.end_all_sessions()
    session.commit()
    return user


@dataclass(frozen=True)
class AssistedSignup:
    first_name: str
    last_name: str
    phone: str | None
    email: str | None
    birth_date: date
    district_code: str
    consent_method: ConsentMethod
    visible_to_employers: bool
    guardian_name: str | None = None
    guardian_relation: str | None = None
    username: str | None = None
    dni: str | None = None


def _assisted_login_problem(session: Session, data: AssistedSignup) -> str | None:
    """Why the way in chosen for an assisted registration cannot be used, or None.

    A phone may already serve siblings (up to PHONE_SHARE_LIMIT youth), never an employer
    or a staff member; an e-mail, a username and a DNI name one person only.
    """
    if data.email and session.scalar(sa.select(User.id).filter_by(email=data.email)):
        return _("Ya existe una cuenta con ese correo. Búsquela en la lista de jóvenes y "
                 "emita un código nuevo si lo necesita.")
    if data.phone:
        roles = list(session.scalars(sa.select(User.role).filter_by(phone=data.phone)))
        if any(role != Role.YOUTH for role in roles):
            return _("Ese celular es de una empresa o del personal. Use otro celular o un "
                     "nombre de usuario.")
        if len(roles) >= PHONE_SHARE_LIMIT:
            return _("Ese celular ya tiene %(n)d perfiles. Use un nombre de usuario.",
                     n=PHONE_SHARE_LIMIT)
    if data.username and session.scalar(sa.select(User.id).filter_by(username=data.username)):
        return _("Ese nombre de usuario ya existe. Elija otro.")
    if data.dni and session.scalar(sa.select(CandidateProfile.id).filter_by(dni=data.dni)):
        return _("Ese DNI ya está registrado. Búsquelo en la lista de jóvenes.")
    return None


def suggest_username(session: Session, first_name: str) -> str:
    """A free username made of the first name and four digits, such as 'rosa.4821'."""
    base = "".join(c for c in normalize_text(first_name).split(" ")[0] if c.isalnum())[:20]
    base = base if base[:1].isalpha() else f"joven{base}"
    for _attempt in range(20):
        name = f"{base}.{''.join(secrets.choice(CODE_ALPHABET) for _ in range(4))}"
        if not session.scalar(sa.select(User.id).filter_by(username=name)):
            return name
    raise AccountError(_("No pudimos crear un nombre de usuario. Escriba uno."))


def register_assisted(session: Session, counselor: User, data: AssistedSignup) -> tuple[User, str]:
    """A counselor registers a youth of their territory; returns the account and its code."""
    district = session.get(District, data.district_code)
    if district is None or (counselor.role == Role.COUNSELOR
                            and district.territory_id != counselor.territory_id):
        raise AccountError(_("Elija un distrito de su territorio."))
    problem = _assisted_login_problem(session, data)
    if problem:
        raise AccountError(problem)
    username = data.username
    if not (data.phone or data.email or username):
        # No phone or e-mail of her own: she signs in with a username (or her DNI).
        username = suggest_username(session, data.first_name)
    user = User(role=Role.YOUTH, phone=data.phone, email=data.email, username=username,
                display_name=data.first_name)
    profile = CandidateProfile(
        user=user, first_name=data.first_name, last_name=data.last_name, dni=data.dni,
        birth_date=data.birth_date, district_code=data.district_code, registered_by=counselor,
        visibility=Visibility.EMPLOYERS if data.visible_to_employers else Visibility.PRIVATE,
    )
    session.add_all([user, profile])
    session.add_all(_consents(user, visible=data.visible_to_employers,
                              method=data.consent_method, captured_by=counselor,
                              guardian_name=data.guardian_name,
                              guardian_relation=data.guardian_relation))
    code = issue_setup_code(session, user)
    session.flush()
    record(session, counselor, user.id, AuditAction.CREATE, "candidate_profile", profile.id,
           f"registro asistido, consentimiento {data.consent_method.value}")
    _commit_new(session, user)
    return user, code


def reset_with_code(session: Session, counselor: User, user: User) -> str:
    """A counselor issues a new one-time code for a youth who forgot the password."""
    code = issue_setup_code(session, user)
    record(session, counselor, user.id, AuditAction.UPDATE, "user", user.id,
           "código de acceso nuevo")
    # The person is told (in-app now; by SMS once the gateway exists), so a code she did not
    # ask for does not go unnoticed.
    session.add(Notification(
        user_id=user.id, channel=NotificationChannel.IN_APP,
        subject="El CDE te dio un código nuevo para entrar",
        body=f"{counselor.display_name} emitió un código nuevo para tu cuenta y cerró tus "
             "sesiones abiertas. Si no lo pediste, avisa a tu CDE."))
    session.commit()
    return code


def reset_profile_code(session: Session, counselor: User, profile_id: int) -> tuple[User, str]:
    """The same, for the person behind a profile the counselor may reach; else NotFound."""
    user = find_profile_for(session, counselor, profile_id, withdrawn_ok=True).user
    return user, reset_with_code(session, counselor, user)


def create_staff(session: Session, role: Role, email: str, name: str, password: str,
                 territory_code: str | None = None) -> User:
    """Create a counselor (with a territory) or an admin account."""
    territory = None
    if role == Role.COUNSELOR:
        territory = session.scalar(sa.select(Territory).filter_by(code=territory_code))
        if territory is None:
            raise AccountError(_("No existe el territorio %(code)s.", code=territory_code))
    if _login_taken(session, None, email):
        raise AccountError(_("Ya existe una cuenta con ese correo."))
    user = User(role=role, email=email, display_name=name, territory=territory,
                password_hash=hash_password(password))
    session.add(user)
    return _commit_new(session, user)


def set_locale(session: Session, user: User, locale: str) -> None:
    """Remember the person's interface language on their account."""
    user.locale = locale
    session.commit()


# --- correcting one's own phone or e-mail ----------------------------------------------------

# As at sign-up, the same words whether or not another account has it.
CONTACT_REFUSED = _l("No pudimos usar ese celular o correo. Si está bien escrito, el CDE "
                     "puede ayudar.")


def change_contact(session: Session, user: User, phone: str | None, email: str | None,
                   password: str) -> User:
    """Replace the person's own login phone and e-mail, checked as at sign-up, and commit.

    The current password proves it is her (a shared phone may be left signed in). One of
    the two must remain: without either she could not sign in again, and only the CDE can
    help then. A phone or e-mail another account uses is refused with the sign-up's words,
    which do not say whose it is.
    """
    if not verify_password(user.password_hash or _DUMMY_HASH, password or ""):
        raise AccountError(_("La contraseña no es correcta."))
    phone = normalise_phone(phone) if phone else None
    email = (email or "").strip().lower() or None
    if not phone and not email:
        raise AccountError(_("Hace falta al menos un celular o un correo para poder ingresar. "
                             "Sin ninguno de los dos, el CDE puede ayudar."))
    taken = session.scalar(sa.select(User.id).where(
        User.id != user.id, sa.or_(*((User.phone == phone,) if phone else ()),
                                   *((User.email == email,) if email else ()))))
    if taken is not None:
        raise AccountError(CONTACT_REFUSED)
    if (phone, email) == (user.phone, user.email):
        return user
    user.phone, user.email = phone, email
    try:
        session.commit()
    except IntegrityError:  # the same number taken at the same moment by someone else
        session.rollback()
        raise AccountError(CONTACT_REFUSED) from None
    return user
