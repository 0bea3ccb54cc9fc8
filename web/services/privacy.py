"""The person's rights under Ley 29733: consent, access, rectification, cancellation.

Consent is append-only: granting or withdrawing adds a row, and the latest row
per purpose is the one in force.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from models import (
    Consent,
    ConsentMethod,
    ConsentPurpose,
    User,
    Visibility,
    utcnow,
)

from .accounts import NOTICE_VERSION

# The rights of access and cancellation live in their own modules.
from .download import access_log, export_personal_data  # noqa: F401
from .erasure import erase_account  # noqa: F401


class PrivacyError(ValueError):
    """A request about personal data that cannot be done; the message is in Spanish."""


def consent_state(session: Session, user: User) -> dict[ConsentPurpose, bool]:
    """The consent in force for each purpose (False where none was ever given)."""
    rows = session.scalars(sa.select(Consent).where(Consent.user_id == user.id)
                           .order_by(Consent.at, Consent.id))
    state = dict.fromkeys(ConsentPurpose, False)
    for row in rows:
        state[row.purpose] = row.granted
    return state


def set_consent(session: Session, user: User, purpose: ConsentPurpose, granted: bool) -> None:
    """Record a grant or withdrawal and apply it at once (hide, stop showing, erase)."""
    session.add(Consent(user=user, purpose=purpose, notice_version=NOTICE_VERSION,
                        granted=granted, method=ConsentMethod.ONLINE))
    profile = user.profile
    if profile is not None:
        if purpose == ConsentPurpose.PROCESSING:
            profile.hidden_at = None if granted else utcnow()
            if not granted:
                profile.visibility = Visibility.PRIVATE
        elif purpose == ConsentPurpose.VISIBILITY:
            profile.visibility = Visibility.EMPLOYERS if granted else Visibility.PRIVATE
    session.commit()


@dataclass(frozen=True)
class Correction:
    first_name: str
    last_name: str


def correct_identity(session: Session, user: User, data: Correction) -> None:
    """Rectification: the person fixes how their name is written."""
    user.display_name = data.first_name
    if user.profile is not None:
        user.profile.first_name = data.first_name
        user.profile.last_name = data.last_name
    session.commit()
