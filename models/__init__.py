"""Chamba's tables and their invariants. No request, no current user, no commit here."""

from . import events  # noqa: F401  (keeps updated_at true)
from .application import (
    OPEN_STAGES,
    TRANSITIONS,
    Application,
    CaseNote,
    Decision,
    FollowUp,
    MatchDecision,
    NoteAudience,
    RefusalReason,
    Source,
    Stage,
    StageEvent,
)
from .base import Base, EducationLevel, Language, utcnow
from .candidate import (
    CandidateLanguage,
    CandidateMonth,
    CandidateProfile,
    Experience,
    ExperienceKind,
    LanguageLevel,
    Sex,
    Visibility,
)
from .employer import Employer, EmployerStatus, Sector, ruc_is_valid
from .erasure import ErasedCount
from .geo import District, Territory, TravelLeg
from .privacy import (
    AuditAction,
    AuditEvent,
    Consent,
    ConsentMethod,
    ConsentPurpose,
    InboundMessage,
    MessagePreference,
    Notification,
    NotificationChannel,
    NotificationStatus,
)
from .ratelimit import RateLimitCounter
from .security import RecoveryCode, StaffTotp, UserSession
from .taxonomy import Occupation, OccupationSynonym, Skill, SkillSynonym, TaxonomyVersion
from .training import Enrollment, EnrollmentStatus, Training
from .user import Role, User
from .vacancy import (
    ContractType,
    PayPeriod,
    Vacancy,
    VacancyLanguage,
    VacancyMonth,
    VacancySkill,
    VacancyStatus,
)

__all__ = [
    "OPEN_STAGES", "TRANSITIONS", "Application", "CaseNote", "Decision", "MatchDecision",
    "AuditAction",
    "AuditEvent", "NoteAudience", "Base", "CandidateLanguage",
    "CandidateMonth", "CandidateProfile", "Consent", "ConsentMethod", "ConsentPurpose",
    "ContractType", "District", "EducationLevel", "Employer", "EmployerStatus", "Enrollment",
    "ErasedCount",
    "EnrollmentStatus", "Experience", "ExperienceKind", "FollowUp", "Language", "LanguageLevel",
    "InboundMessage", "MessagePreference", "Notification", "NotificationChannel",
    "NotificationStatus", "Occupation", "OccupationSynonym", "PayPeriod", "RateLimitCounter",
    "RecoveryCode", "RefusalReason", "Role", "Sector", "Sex", "Skill", "StaffTotp", "UserSession",
    "SkillSynonym", "Source", "Stage", "StageEvent", "TaxonomyVersion", "Territory", "Training",
    "TravelLeg",
    "User", "Vacancy", "VacancyLanguage", "VacancyMonth", "VacancySkill", "VacancyStatus",
    "Visibility", "ruc_is_valid", "utcnow",
]
