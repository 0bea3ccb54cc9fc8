"""The youth's own profile, built one step at a time: each step saves and commits on its own."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from models import (
    AuditAction,
    CandidateLanguage,
    CandidateMonth,
    CandidateProfile,
    District,
    EducationLevel,
    Enrollment,
    EnrollmentStatus,
    Experience,
    ExperienceKind,
    Language,
    LanguageLevel,
    Occupation,
    Role,
    Sex,
    Skill,
    Training,
    User,
)
from models.base import DAY_PART_BITS
from models.candidate import ADULT_AGE, age_on

from ..forms import has_unseen
from ..labels import MONTH_LABELS
from . import privacy
from .access import NotFound, find_profile_for, record
from .ages import birth_date_problem

# The builder's pickers search through the one taxonomy search; callers may keep using them here.
from .taxonomy import Hit as Hit
from .taxonomy import search_occupations as search_occupations
from .taxonomy import search_skills as search_skills

_MARKUP_CHARS = re.compile(r"[<>{}]")

MAX_SKILLS = 40
MAX_OCCUPATIONS = 10
MAX_EXPERIENCES = 20

# The steps in the order the person sees them. Trainings are optional: many have none yet,
# and that must not keep the meter below 100 %.
STEPS = ("distrito", "datos", "idiomas", "estudios", "experiencia", "habilidades",
         "capacitaciones", "ocupaciones", "disponibilidad", "traslado", "emprendimiento",
         "documentos", "sobre-mi")
# "Sobre mí" is optional too: a few words help, but nobody should feel short for lacking them.
OPTIONAL_STEPS = frozenset({"capacitaciones", "sobre-mi"})
ABOUT_MAX = 400
# What the youth reads (tú) when a text of hers cannot be kept: "Sobre mí" and every short
# text of her profile and applications (web/youth/forms.py) say it in these words.
UNSEEN_TEXT = _l("Tu texto tiene caracteres invisibles o que cambian la dirección de la "
                 "escritura. Escríbelo de nuevo.")
MARKUP_TEXT = _l("Escribe solo letras, números y signos comunes, sin los signos de menor, "
                 "mayor ni llaves.")


class ProfileError(ValueError):
    """A profile change that cannot be saved; the message is for the person, in Spanish."""


# --- reading the profile --------------------------------------------------------------------

def own_profile(session: Session, user_id: int) -> CandidateProfile:
    """Return the profile of the signed-in youth ``user_id``; raise NotFound if there is none."""
    profile = session.scalar(sa.select(CandidateProfile).where(
        CandidateProfile.user_id == user_id))
    if profile is None:
        raise NotFound(user_id)
    return profile


# Which builder step supplies each part of ``CandidateProfile.is_complete``.
STEP_OF_PART = {"district": "distrito", "birth_date": "datos", "sex": "datos",
                "languages": "idiomas", "education": "estudios", "skills": "habilidades",
                "months": "disponibilidad"}


@dataclass(frozen=True)
class Completeness:
    """The meter: how far through the builder's steps the person is.

    ``percent`` and ``next_step`` count steps, a measure of progress. "Complete" means
    one thing everywhere, ``CandidateProfile.is_complete`` (what a counselor needs, and
    what the figures count); ``complete`` says it, and ``to_complete`` names the steps
    to revisit when every step is done but a part of that rule is still missing (sex,
    which the person may skip, or months when only day parts were given).
    """

    done: dict[str, bool]
    percent: int
    next_step: str | None
    complete: bool = False
    to_complete: tuple[str, ...] = ()


def completeness(session: Session, profile: CandidateProfile) -> Completeness:
    """Say which steps are done, the share of required ones, and the first one missing."""
    has_training = session.scalar(sa.select(sa.func.count()).select_from(Enrollment).where(
        Enrollment.profile_id == profile.id,
        Enrollment.status == EnrollmentStatus.COMPLETED)) > 0
    done = {
        "distrito": profile.district_code is not None,
        "datos": profile.birth_date is not None,
        "idiomas": bool(profile.languages),
        "estudios": profile.education is not None,
        "experiencia": bool(profile.experiences),
        "habilidades": bool(profile.skills),
        "capacitaciones": has_training,
        "ocupaciones": bool(profile.desired_occupations),
        "disponibilidad": bool(profile.months) or profile.day_parts > 0,
        "traslado": profile.max_travel_km is not None,
        "emprendimiento": profile.entrepreneurship_interest is not None,
        "documentos": profile.has_dni is not None,
        "sobre-mi": bool((profile.about or "").strip()),
    }
    required = [s for s in STEPS if s not in OPTIONAL_STEPS]
    finished = sum(done[s] for s in required)
    missing = next((s for s in required if not done[s]), None)
    to_complete = tuple(dict.fromkeys(STEP_OF_PART[part]
                                      for part in profile.missing_for_complete()))
    return Completeness(done, round(100 * finished / len(required)), missing,
                        not to_complete, to_complete)


@dataclass(frozen=True)
class Meter:
    """The person's own profile and how far along it is: what the profile pages show first."""

    profile: CandidateProfile
    state: Completeness


def profile_to_edit(session: Session, actor: User, profile_id: int) -> CandidateProfile:
    """Return a profile a counselor (or admin) may fill in for the person; else NotFound.

    Writes nothing: each change is recorded, with the counselor as its actor, by the step
    that saves it.
    """
    if actor.role not in (Role.COUNSELOR, Role.ADMIN):
        raise NotFound(profile_id)
    return find_profile_for(session, actor, profile_id)


def meter_for(session: Session, actor: User, profile_id: int) -> Meter:
    """The meter of a profile a counselor fills in for the person (see ``profile_to_edit``)."""
    profile = profile_to_edit(session, actor, profile_id)
    return Meter(profile, completeness(session, profile))


def meter(session: Session, user_id: int) -> Meter:
    profile = own_profile(session, user_id)
    return Meter(profile, completeness(session, profile))


def next_step_after(step: str) -> str | None:
    """The step that follows ``step`` in the builder, or None after the last."""
    i = STEPS.index(step)
    return STEPS[i + 1] if i + 1 < len(STEPS) else None


def trainings_for(session: Session, profile: CandidateProfile) -> list[tuple[Training, bool]]:
    """CDE courses the person could have taken, each with whether they finished it."""
    query = sa.select(Training).order_by(Training.title)
    territory = profile.district.territory_id if profile.district else None
    if territory is not None:
        query = query.where(sa.or_(Training.territory_id == territory,
                                   Training.territory_id.is_(None)))
    finished = set(session.scalars(sa.select(Enrollment.training_id).where(
        Enrollment.profile_id == profile.id, Enrollment.status == EnrollmentStatus.COMPLETED)))
    return [(t, t.id in finished) for t in session.scalars(query)]


# --- the steps ------------------------------------------------------------------------------
#
# Each step saves for ``user_id``, the youth. ``actor`` is who acts: None (or the youth) when
# she fills her own profile; a counselor of her territory acting on her behalf otherwise, in
# which case the change is recorded as entered by that counselor, and anyone else gets
# NotFound.

def _changing(session: Session, user_id: int, actor: User | None) -> CandidateProfile:
    """The profile about to change, after checking that ``actor`` may change it."""
    profile = own_profile(session, user_id)
    if actor is not None and actor.id != user_id:
        profile_to_edit(session, actor, profile.id)
    return profile


def _changed(session: Session, actor: User | None, profile: CandidateProfile,
             step: str) -> None:
    """Record a change made on the person's behalf (the caller's commit writes it)."""
    if actor is not None:
        record(session, actor, profile.user_id, AuditAction.UPDATE, "candidate_profile",
               profile.id, f"perfil: {step}")


def _commit(session: Session) -> None:
    try:
        session.commit()
    except IntegrityError:
        # Two taps at once on the same button: the first one already saved it.
        session.rollback()


def set_district(session: Session, user_id: int, ubigeo: str,
                 actor: User | None = None) -> CandidateProfile:
    """Record the district where the person lives."""
    profile = _changing(session, user_id, actor)
    district = session.get(District, ubigeo) if ubigeo else None
    if district is None:
        raise ProfileError(_("Elige un distrito de la lista."))
    if (actor is not None and actor.role == Role.COUNSELOR
            and district.territory_id != actor.territory_id):
        # Moving the person out of the territory would hand her to a CDE that did not agree.
        raise ProfileError(_("Elija un distrito de su territorio."))
    profile.district_code = ubigeo
    _changed(session, actor, profile, "distrito")
    session.commit()
    return profile


def check_birth_date(born: date, today: date) -> None:
    """Raise ProfileError unless ``born`` makes the person 15 to 29 years old on ``today``."""
    problem = birth_date_problem(born, today)
    if problem:
        raise ProfileError(problem)


def set_personal(session: Session, user_id: int, birth_date: date, sex: Sex | None,
                 today: date | None = None, guardian: privacy.Guardian | None = None,
                 actor: User | None = None) -> CandidateProfile:
    """Record the birth date and, if the person wants to say it, their sex.

    A birth date that makes the person 15 to 17 needs a guardian's consent on record:
    ``guardian`` adds it (captured by ``actor`` when a counselor acts); without one (and
    none on record) nothing is saved.
    """
    today = today or date.today()
    check_birth_date(birth_date, today)
    profile = _changing(session, user_id, actor)
    if age_on(birth_date, today) < ADULT_AGE:
        if guardian is not None:
            privacy.record_guardian_consent(session, actor or profile.user, profile.user,
                                            guardian)
        elif not privacy.has_guardian_on_record(session, profile):
            if actor is not None and actor.id != user_id:
                raise ProfileError(_("Como tiene menos de 18 años, escriba el nombre de su "
                                     "madre, padre o apoderado: también da su permiso."))
            raise ProfileError(_("Como tienes menos de 18 años, escribe el nombre de tu madre, "
                                 "padre o apoderado: también da su permiso."))
    profile.birth_date = birth_date
    profile.sex = sex
    _changed(session, actor, profile, "datos")
    session.commit()
    return profile


def set_languages(session: Session, user_id: int,
                  levels: dict[Language, LanguageLevel],
                  actor: User | None = None) -> CandidateProfile:
    """Replace the languages the person speaks, each with its level."""
    if not levels:
        raise ProfileError(_("Marca al menos un idioma que hablas."))
    profile = _changing(session, user_id, actor)
    current = {cl.language: cl for cl in profile.languages}
    for language, row in current.items():
        if language not in levels:
            profile.languages.remove(row)
    for language, level in levels.items():
        if language in current:
            current[language].level = LanguageLevel(level)
        else:
            profile.languages.append(CandidateLanguage(language=Language(language),
                                                       level=LanguageLevel(level)))
    _changed(session, actor, profile, "idiomas")
    session.commit()
    return profile


def set_education(session: Session, user_id: int, level: int,
                  actor: User | None = None) -> CandidateProfile:
    """Record the highest level of schooling reached."""
    if level not in set(EducationLevel):
        raise ProfileError(_("Elige una opción de la lista."))
    profile = _changing(session, user_id, actor)
    profile.education = int(level)
    _changed(session, actor, profile, "estudios")
    session.commit()
    return profile


def add_experience(session: Session, user_id: int, title: str, kind: ExperienceKind,
                   months: int, description: str = "", actor: User | None = None) -> Experience:
    """Add one piece of work done, paid or not."""
    title, description = title.strip(), description.strip()
    if not title or len(title) > 120:
        raise ProfileError(_("Escribe qué hiciste, en 120 letras como máximo."))
    if not 0 <= months <= 600:
        raise ProfileError(_("Escribe un número de meses entre 0 y 600."))
    if len(description) > 500:
        raise ProfileError(_("Escribe como máximo 500 caracteres."))
    profile = _changing(session, user_id, actor)
    if len(profile.experiences) >= MAX_EXPERIENCES:
        raise ProfileError(_("Ya tienes 20 experiencias. Quita alguna para agregar otra."))
    experience = Experience(title=title, kind=ExperienceKind(kind), months=months,
                            description=description)
    profile.experiences.append(experience)
    _changed(session, actor, profile, "experiencia")
    session.commit()
    return experience


def remove_experience(session: Session, user_id: int, experience_id: int,
                      actor: User | None = None) -> None:
    """Remove one of the person's own experiences; anyone else's answers NotFound."""
    profile = _changing(session, user_id, actor)
    experience = session.scalar(
        sa.select(Experience).join(CandidateProfile)
        .where(Experience.id == experience_id, CandidateProfile.user_id == user_id))
    if experience is None:
        raise NotFound(experience_id)
    session.delete(experience)
    _changed(session, actor, profile, "experiencia")
    session.commit()


def _add_term(session: Session, user_id: int, model, code: str, attribute: str, cap: int,
              unknown: str, full: str, actor: User | None = None):
    """Add the active taxonomy entry ``code`` to the profile's ``attribute`` list, up to ``cap``."""
    entry = session.scalar(sa.select(model).where(model.code == code, model.is_active))
    if entry is None:
        raise ProfileError(unknown)
    # held: a collection does not keep its owner alive
    profile = _changing(session, user_id, actor)
    chosen = getattr(profile, attribute)
    if entry not in chosen:
        if len(chosen) >= cap:
            raise ProfileError(full)
        chosen.append(entry)
        _changed(session, actor, profile, STEP_OF_ATTRIBUTE[attribute])
        _commit(session)
    return entry


STEP_OF_ATTRIBUTE = {"skills": "habilidades", "desired_occupations": "ocupaciones"}


def _remove_term(session: Session, user_id: int, attribute: str, code: str,
                 actor: User | None = None) -> None:
    profile = _changing(session, user_id, actor)
    setattr(profile, attribute, [e for e in getattr(profile, attribute) if e.code != code])
    _changed(session, actor, profile, STEP_OF_ATTRIBUTE[attribute])
    session.commit()


def add_skill(session: Session, user_id: int, code: str, actor: User | None = None) -> Skill:
    """Add a skill from the taxonomy by its code."""
    return _add_term(session, user_id, Skill, code, "skills", MAX_SKILLS,
                     _("No encontramos esa habilidad. Búscala otra vez."),
                     _("Ya tienes 40 habilidades. Quita alguna para agregar otra."), actor)


def remove_skill(session: Session, user_id: int, code: str, actor: User | None = None) -> None:
    """Remove a skill from the person's profile (nothing happens if it was not there)."""
    _remove_term(session, user_id, "skills", code, actor)


def add_occupation(session: Session, user_id: int, code: str,
                   actor: User | None = None) -> Occupation:
    """Add a job the person would like to do, by its taxonomy code."""
    return _add_term(session, user_id, Occupation, code, "desired_occupations",
                     MAX_OCCUPATIONS, _("No encontramos ese trabajo. Búscalo otra vez."),
                     _("Ya elegiste 10 trabajos. Quita alguno para agregar otro."), actor)


def remove_occupation(session: Session, user_id: int, code: str,
                      actor: User | None = None) -> None:
    """Remove a desired job from the person's profile."""
    _remove_term(session, user_id, "desired_occupations", code, actor)


def set_trainings(session: Session, user_id: int, finished_ids: set[int],
                  actor: User | None = None) -> CandidateProfile:
    """Mark which CDE courses the person finished; unmarking one removes that record."""
    profile = _changing(session, user_id, actor)
    offered = {t.id: t for t, _done in trainings_for(session, profile)}
    if not set(finished_ids) <= set(offered):
        raise ProfileError(_("No encontramos ese curso. Elige de la lista."))
    enrollments = {e.training_id: e for e in session.scalars(
        sa.select(Enrollment).where(Enrollment.profile_id == profile.id))}
    for training_id in finished_ids:
        enrollment = enrollments.get(training_id)
        if enrollment is None:
            session.add(Enrollment(training=offered[training_id], profile=profile,
                                   status=EnrollmentStatus.COMPLETED,
                                   completed_on=date.today()))
        elif enrollment.status != EnrollmentStatus.COMPLETED:
            enrollment.status = EnrollmentStatus.COMPLETED
            enrollment.completed_on = enrollment.completed_on or date.today()
    for training_id, enrollment in enrollments.items():
        # A completion the CDE recorded stays: only the CDE corrects it.
        if (training_id in offered and training_id not in finished_ids
                and enrollment.status == EnrollmentStatus.COMPLETED
                and enrollment.recorded_by_id is None):
            session.delete(enrollment)
    _changed(session, actor, profile, "capacitaciones")
    _commit(session)
    return profile


def day_parts_mask(parts: set[str]) -> int:
    """Turn {'manana', 'noche'} into the bit mask stored on the profile (1 | 4 = 5)."""
    unknown = set(parts) - set(DAY_PART_BITS)
    if unknown:
        raise ProfileError(_("Elige mañana, tarde o noche."))
    mask = 0
    for part in parts:
        mask |= DAY_PART_BITS[part]
    return mask


def day_parts_of(mask: int) -> list[str]:
    """The day parts in a bit mask, in the order of the day."""
    return [part for part, bit in DAY_PART_BITS.items() if mask & bit]


def set_availability(session: Session, user_id: int, months: set[int],
                     day_parts: set[str], actor: User | None = None) -> CandidateProfile:
    """Replace the months and the parts of the day in which the person can work."""
    if any(not isinstance(m, int) or not 1 <= m <= 12 for m in months):
        raise ProfileError(_("Elige meses entre enero y diciembre."))
    mask = day_parts_mask(day_parts)
    profile = _changing(session, user_id, actor)
    have = {m.month: m for m in profile.months}
    for month, row in have.items():
        if month not in months:
            profile.months.remove(row)
    for month in sorted(set(months) - set(have)):
        profile.months.append(CandidateMonth(month=month))
    profile.day_parts = mask
    _changed(session, actor, profile, "disponibilidad")
    _commit(session)
    return profile


def set_travel(session: Session, user_id: int, max_km: int,
               relocate: bool | None, actor: User | None = None) -> CandidateProfile:
    """Record how far the person can travel each day and whether they would move."""
    if not 0 <= max_km <= 2000:
        raise ProfileError(_("Escribe una distancia entre 0 y 2000 km."))
    profile = _changing(session, user_id, actor)
    profile.max_travel_km = max_km
    profile.willing_to_relocate = relocate
    _changed(session, actor, profile, "traslado")
    session.commit()
    return profile


def clean_about(text: str | None) -> str:
    """The person's words about themselves as kept: NFC, trimmed, at most one blank line."""
    text = unicodedata.normalize("NFC", (text or "").replace("\r\n", "\n")).strip()
    return re.sub(r"\n{3,}", "\n\n", re.sub(r"[ \t]+", " ", text))


def about_problem(text: str) -> str | None:
    """Say why ``text`` (already cleaned) cannot be kept as "Sobre mí", or None.

    The one rule the form and the service share: short, and no invisible characters that
    would make it read differently than it was written (bidi overrides, zero-width spaces).
    """
    if len(text) > ABOUT_MAX:
        return _("Escribe hasta 400 caracteres; ahora tienes %(n)d.", n=len(text))
    if has_unseen(text):
        return str(UNSEEN_TEXT)
    if _MARKUP_CHARS.search(text):
        return str(MARKUP_TEXT)
    return None


def set_about(session: Session, user_id: int, text: str | None,
              actor: User | None = None) -> CandidateProfile:
    """Keep what the person says about themselves (empty clears it); shown on their cards."""
    text = clean_about(text)
    problem = about_problem(text)
    if problem:
        raise ProfileError(problem)
    profile = _changing(session, user_id, actor)
    profile.about = text
    _changed(session, actor, profile, "sobre-mi")
    session.commit()
    return profile


def set_entrepreneurship(session: Session, user_id: int, interested: bool,
                         actor: User | None = None) -> CandidateProfile:
    """Record whether the person would like to start a business of their own."""
    profile = _changing(session, user_id, actor)
    profile.entrepreneurship_interest = bool(interested)
    _changed(session, actor, profile, "emprendimiento")
    session.commit()
    return profile


def set_documents(session: Session, user_id: int, *, dni: bool, cul: bool,
                  health_card: bool, bank_account: bool,
                  actor: User | None = None) -> CandidateProfile:
    """Record which papers the person already has for starting a job."""
    profile = _changing(session, user_id, actor)
    profile.has_dni, profile.has_cul = bool(dni), bool(cul)
    profile.has_health_card, profile.has_bank_account = bool(health_card), bool(bank_account)
    _changed(session, actor, profile, "documentos")
    session.commit()
    return profile


def months_text(months: list[int] | set[int]) -> str:
    """Say the months plainly: 'todo el año', or 'mayo, junio, julio'."""
    months = sorted(months)
    if len(months) == 12:
        return _("todo el año")
    return ", ".join(str(MONTH_LABELS[m]) for m in months)


def duration_text(months: int) -> str:
    """Say how long, in years and months, in plain Spanish."""
    if months <= 0:
        return _("menos de un mes")
    years, rest = divmod(months, 12)
    year_text = _("1 año") if years == 1 else _("%(n)d años", n=years)
    month_text = _("1 mes") if rest == 1 else _("%(n)d meses", n=rest)
    if years and rest:
        return _("%(years)s y %(months)s", years=year_text, months=month_text)
    return year_text if years else month_text
