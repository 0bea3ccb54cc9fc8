"""The person's rights under Ley 29733: consent, access, rectification, cancellation.

Consent is append-only: granting or withdrawing adds a row, and the latest row
per purpose is the one in force.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from models import (
    Application,
    CandidateProfile,
    Consent,
    ConsentMethod,
    ConsentPurpose,
    FollowUp,
    Notification,
    NotificationChannel,
    NotificationStatus,
    User,
    Visibility,
    utcnow,
)

from .accounts import NOTICE_VERSION

# The rights of access and cancellation live in their own modules.
from .download import Seen, access_log, export_personal_data  # noqa: F401
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
    if (purpose == ConsentPurpose.PROCESSING and not granted
            and consent_state(session, user)[ConsentPurpose.VISIBILITY]):
        # Hidden from everyone includes employers: the record says so too (written first, so
        # the processing row stays the latest), and giving consent again does not make her
        # visible to employers unless she asks for that as well.
        session.add(Consent(user=user, purpose=ConsentPurpose.VISIBILITY,
                            notice_version=NOTICE_VERSION, granted=False,
                            method=ConsentMethod.ONLINE))
    session.add(Consent(user=user, purpose=purpose, notice_version=NOTICE_VERSION,
                        granted=granted, method=ConsentMethod.ONLINE))
    profile = user.profile
    if profile is not None:
        if purpose == ConsentPurpose.PROCESSING:
            profile.hidden_at = None if granted else utcnow()
            if not granted:
                profile.visibility = Visibility.PRIVATE
                _cancel_messages_about(session, user, profile)
        elif purpose == ConsentPurpose.VISIBILITY:
            profile.visibility = Visibility.EMPLOYERS if granted else Visibility.PRIVATE
    session.commit()


@dataclass(frozen=True)
class Guardian:
    """The mother, father or guardian who consents for someone aged 15 to 17."""

    name: str
    relation: str = ""


def has_guardian_on_record(session: Session, profile: CandidateProfile) -> bool:
    """Tell whether a guardian's consent is on record (``guardian_on_record_clause``)."""
    return session.scalar(sa.select(CandidateProfile.id).where(
        CandidateProfile.id == profile.id,
        CandidateProfile.guardian_on_record_clause())) is not None


def record_guardian_consent(session: Session, actor: User, user: User, guardian: Guardian,
                            method: ConsentMethod = ConsentMethod.ONLINE) -> Consent:
    """Add the guardian's consent to the record (the caller commits).

    ``actor`` is the person herself (online) or a counselor who captured it (written or oral).
    """
    by_other = actor.id != user.id
    if by_other and method == ConsentMethod.ONLINE:
        method = ConsentMethod.WRITTEN
    consent = Consent(user_id=user.id, purpose=ConsentPurpose.PROCESSING,
                      notice_version=NOTICE_VERSION, granted=True, method=method,
                      captured_by_id=actor.id if by_other else None,
                      guardian_name=guardian.name, guardian_relation=guardian.relation or None)
    session.add(consent)
    return consent


def _cancel_messages_about(session: Session, user: User, profile: CandidateProfile) -> None:
    """Consent withdrawn: nothing still waiting to go out to her, or about her cases, leaves.

    Messages are not deleted (the record of what was queued stays); they are marked as not
    sent, with the reason. The worker checks consent again before sending anything.
    """
    cases = sa.select(Application.id).where(Application.profile_id == profile.id)
    follow_ups = sa.select(FollowUp.id).where(FollowUp.application_id.in_(cases))
    session.execute(
        sa.update(Notification)
        .where(Notification.status == NotificationStatus.QUEUED,
               Notification.channel != NotificationChannel.IN_APP,
               sa.or_(Notification.user_id == user.id,
                      Notification.application_id.in_(cases),
                      Notification.follow_up_id.in_(follow_ups)))
        .values(status=NotificationStatus.FAILED,
                status_reason="La persona retiró su consentimiento.")
        .execution_options(synchronize_session=False))
    # Notices that told counselors her answers name her: they go too.
    session.execute(
        sa.delete(Notification)
        .where(Notification.kind == "reply_notice", Notification.application_id.in_(cases))
        .execution_options(synchronize_session=False))


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


@dataclass(frozen=True)
class AccountPage:
    """The person's account page: her permissions and who saw or changed her data."""

    consents: dict[ConsentPurpose, bool]
    log: list[Seen]


def account_page(session: Session, user: User, log_limit: int = 50) -> AccountPage:
    """Everything the account page shows about ``user``, in one call."""
    return AccountPage(consent_state(session, user), access_log(session, user)[:log_limit])
