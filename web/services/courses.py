"""CDE courses: the admin creates and edits them; counselors enrol youth and record the end.

A course belongs to one territory. The admin manages every course; a counselor sees,
enrols in and records the courses of their own territory only (any other answers "not
found"). When a counselor records that a person passed, the enrolment becomes
``COMPLETED`` with its date: the course's skills then count as the person's own for the
matcher (``matching.certified_skills``), the person counts among the "jóvenes
capacitados" of the indicators, and the course is no longer offered to close a skill gap.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from models import (
    AuditAction,
    CandidateProfile,
    Enrollment,
    EnrollmentStatus,
    Role,
    Skill,
    Territory,
    Training,
    User,
)

from .access import (
    NotFound,
    commit_keeping_loaded,
    find_profile_for,
    profiles_visible_to,
    record,
)

CODE_PREFIX = "CUR-"
SEARCH_LIMIT = 20
# Seats are taken by who is enrolled or finished; someone who left frees the seat.
TAKING_A_SEAT = (EnrollmentStatus.ENROLLED, EnrollmentStatus.COMPLETED)


class CourseError(ValueError):
    """A course change that cannot be made; the message is in Spanish.

    ``field`` names the form field the message belongs to, when there is one.
    """

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class Outcome(enum.StrEnum):
    """What the counselor records at the end of a course for one person."""

    PASSED = "aprobo"  # attended and passed: the course certifies its skills
    ATTENDED = "asistio"  # attended without passing
    ABSENT = "no_asistio"  # did not attend or left


@dataclass(frozen=True)
class CourseEdit:
    title: str
    description: str
    skill_ids: list[int]
    territory_id: int | None
    hours: int | None
    starts_on: date | None
    ends_on: date | None
    place: str
    capacity: int | None


@dataclass(frozen=True)
class CourseRow:
    course: Training
    taken: int  # seats taken


@dataclass(frozen=True)
class CoursePage:
    course: Training
    enrollments: list[Enrollment]
    taken: int
    found: list[CandidateProfile]  # youth matching the search, not enrolled yet

    @property
    def full(self) -> bool:
        return self.course.capacity is not None and self.taken >= self.course.capacity


# --- who may see which course --------------------------------------------------------------

def courses_visible_to(viewer: User) -> sa.Select:
    """Courses ``viewer`` may manage: all for the admin, their territory's for a counselor."""
    query = sa.select(Training)
    if viewer.role == Role.ADMIN:
        return query
    if viewer.role == Role.COUNSELOR:
        return query.where(Training.territory_id == viewer.territory_id)
    return query.where(sa.false())


def get_course_for(session: Session, viewer: User, course_id: int, lock: bool = False) -> Training:
    """The course ``course_id`` if ``viewer`` may manage it; NotFound otherwise."""
    query = courses_visible_to(viewer).where(Training.id == course_id)
    if lock:
        query = query.with_for_update()
    course = session.scalar(query)
    if course is None:
        raise NotFound(course_id)
    return course


def _seats_taken(session: Session, course_ids) -> dict[int, int]:
    return dict(session.execute(
        sa.select(Enrollment.training_id, sa.func.count())
        .where(Enrollment.training_id.in_(course_ids), Enrollment.status.in_(TAKING_A_SEAT))
        .group_by(Enrollment.training_id)).all())


def list_courses(session: Session, viewer: User) -> list[CourseRow]:
    """The courses ``viewer`` manages, newest start first, with the seats taken."""
    courses = list(session.scalars(
        courses_visible_to(viewer).options(selectinload(Training.territory),
                                           selectinload(Training.skills))
        .order_by(Training.starts_on.desc().nulls_last(), Training.title)))
    taken = _seats_taken(session, [c.id for c in courses])
    return [CourseRow(c, taken.get(c.id, 0)) for c in courses]


def course_page(session: Session, viewer: User, course_id: int, query: str = "") -> CoursePage:
    """One course with who is enrolled and who matches ``query`` (seeing them is audited);
    NotFound if the course is not the viewer's."""
    course = get_course_for(session, viewer, course_id)
    enrollments = list(session.scalars(
        sa.select(Enrollment).join(CandidateProfile)
        .where(Enrollment.training_id == course.id)
        .options(selectinload(Enrollment.profile).selectinload(CandidateProfile.user))
        .order_by(CandidateProfile.first_name, CandidateProfile.last_name)))
    for enrollment in enrollments:
        record(session, viewer, enrollment.profile.user_id, AuditAction.VIEW, "enrollment",
               enrollment.id, course.title)
    commit_keeping_loaded(session)
    taken = sum(1 for e in enrollments if e.status in TAKING_A_SEAT)
    found = find_youth(session, viewer, course, query) if query else []
    return CoursePage(course, enrollments, taken, found)


# --- the admin creates and edits courses ---------------------------------------------------

def skill_choices(session: Session) -> list[tuple[int, str]]:
    """Active skills as (id, label), by label, for the course form."""
    return [(i, label) for i, label in session.execute(
        sa.select(Skill.id, Skill.label_es).where(Skill.is_active.is_(True))
        .order_by(Skill.label_es))]


def _check(session: Session, edit: CourseEdit) -> tuple[Territory, list[Skill]]:
    if not edit.title.strip() or len(edit.title.strip()) > 160:
        raise CourseError(_("Escriba el nombre del curso (hasta 160 caracteres)."))
    territory = session.get(Territory, edit.territory_id) if edit.territory_id else None
    if territory is None:
        raise CourseError(_("Elija el territorio (CDE) del curso."))
    if edit.hours is None or not 1 <= edit.hours <= 2000:
        raise CourseError(_("Las horas del curso van de 1 a 2000."))
    if edit.capacity is not None and not 1 <= edit.capacity <= 1000:
        raise CourseError(_("Las vacantes del curso van de 1 a 1000; déjelo vacío si no hay "
                            "límite."))
    if edit.starts_on and edit.ends_on and edit.ends_on < edit.starts_on:
        raise CourseError(_("La fecha de término va después de la de inicio."))
    if len(edit.place) > 160 or len(edit.description) > 2000:
        raise CourseError(_("El lugar o la descripción son demasiado largos."))
    wanted = set(edit.skill_ids)
    skills = list(session.scalars(sa.select(Skill).where(Skill.id.in_(wanted)))) if wanted else []
    if len(skills) != len(wanted):
        raise CourseError(_("Elija las habilidades de la lista."))
    if not skills:
        raise CourseError(_("Elija al menos una habilidad que el curso enseña."))
    return territory, skills


def next_code(session: Session) -> str:
    """A fresh code for a course the admin adds: CUR-001, CUR-002, ..."""
    codes = session.scalars(sa.select(Training.code).where(Training.code.like(CODE_PREFIX + "%")))
    numbers = [int(c[len(CODE_PREFIX):]) for c in codes if c[len(CODE_PREFIX):].isdigit()]
    return f"{CODE_PREFIX}{max(numbers, default=0) + 1:03d}"


def save_course(session: Session, admin: User, course_id: int | None,
                edit: CourseEdit) -> Training:
    """Create (``course_id`` None) or update a course; commit. Only the admin does this."""
    if admin.role != Role.ADMIN:
        raise NotFound(course_id)
    territory, skills = _check(session, edit)
    if course_id is None:
        course = Training(code=next_code(session))
        session.add(course)
    else:
        course = get_course_for(session, admin, course_id)
        if edit.capacity is not None and _seats_taken(session, [course.id]).get(
                course.id, 0) > edit.capacity:
            raise CourseError(_("Ya hay más personas inscritas que esas vacantes."))
    course.title = edit.title.strip()
    course.description = edit.description.strip()
    course.territory = territory
    course.hours = edit.hours
    course.starts_on, course.ends_on = edit.starts_on, edit.ends_on
    course.place = edit.place.strip()
    course.capacity = edit.capacity
    course.skills = skills
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        raise CourseError(_("Otra persona guardó un curso al mismo tiempo; intente de "
                            "nuevo.")) from None
    return course


# --- counselors enrol youth and record the end ---------------------------------------------

def find_youth(session: Session, viewer: User, course: Training, query: str) -> list:
    """Youth ``viewer`` may reach, not yet in ``course``, whose name or phone has ``query``."""
    query = re.sub(r"[\x00-\x1f\x7f%_\\]", "", query or "").strip()[:60]
    if len(query) < 2:
        return []
    enrolled = sa.select(Enrollment.profile_id).where(Enrollment.training_id == course.id)
    like = f"%{query.lower()}%"
    name = sa.func.lower(CandidateProfile.first_name + " " + CandidateProfile.last_name)
    statement = (profiles_visible_to(viewer)
                 .join(User, User.id == CandidateProfile.user_id)
                 .where(CandidateProfile.hidden_at.is_(None), User.is_active.is_(True),
                        CandidateProfile.id.not_in(enrolled),
                        sa.or_(name.like(like), User.phone.like(like)))
                 .options(selectinload(CandidateProfile.district))
                 .order_by(CandidateProfile.first_name, CandidateProfile.last_name)
                 .limit(SEARCH_LIMIT))
    found = list(session.scalars(statement))
    for profile in found:
        record(session, viewer, profile.user_id, AuditAction.VIEW, "profile", profile.id,
               "búsqueda para un curso")
    commit_keeping_loaded(session)
    return found


def enrol(session: Session, viewer: User, course_id: int, profile_id: int) -> Enrollment:
    """Enrol one person in a course, within its capacity; commit.

    The course row is locked while the seats are counted, so two counselors enrolling
    at the same moment cannot both take the last seat.
    """
    course = get_course_for(session, viewer, course_id, lock=True)
    profile = find_profile_for(session, viewer, profile_id)
    if profile.consent_withdrawn:
        raise CourseError(_("Esta persona retiró su permiso para usar sus datos."))
    existing = session.scalar(sa.select(Enrollment).filter_by(training_id=course.id,
                                                              profile_id=profile.id))
    if existing is not None and existing.status in TAKING_A_SEAT:
        raise CourseError(_("Esta persona ya está en el curso."))
    taken = _seats_taken(session, [course.id]).get(course.id, 0)
    if course.capacity is not None and taken >= course.capacity:
        raise CourseError(_("El curso está lleno: tiene %(n)s vacantes.", n=course.capacity))
    if existing is None:
        existing = Enrollment(training=course, profile=profile)
        session.add(existing)
    existing.status = EnrollmentStatus.ENROLLED
    existing.completed_on = existing.attended = None
    existing.recorded_by_id = viewer.id
    session.flush()
    record(session, viewer, profile.user_id, AuditAction.CREATE, "enrollment", existing.id,
           course.title)
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        raise CourseError(_("Esta persona ya está en el curso.")) from None
    return existing


def get_enrollment_for(session: Session, viewer: User, course_id: int,
                       enrollment_id: int) -> Enrollment:
    """One enrolment of a course ``viewer`` manages; NotFound otherwise."""
    course = get_course_for(session, viewer, course_id)
    enrollment = session.scalar(sa.select(Enrollment).where(
        Enrollment.id == enrollment_id, Enrollment.training_id == course.id))
    if enrollment is None:
        raise NotFound(enrollment_id)
    return enrollment


def record_outcome(session: Session, viewer: User, course_id: int, enrollment_id: int,
                   outcome: str, on: date | None, today: date | None = None) -> Enrollment:
    """Record how a person ended a course (passed, attended, absent) and when; commit."""
    today = today or date.today()
    enrollment = get_enrollment_for(session, viewer, course_id, enrollment_id)
    course = enrollment.training
    try:
        outcome = Outcome(outcome)
    except ValueError:
        raise CourseError(_("Elija cómo terminó: aprobó, asistió sin aprobar o no "
                            "asistió."), field="outcome") from None
    if outcome != Outcome.ABSENT:
        if on is None:
            raise CourseError(_("Escriba la fecha en que terminó el curso."),
                              field="completed_on")
        if on > today:
            raise CourseError(_("La fecha de término no puede ser futura."),
                              field="completed_on")
        if course.starts_on and on < course.starts_on:
            raise CourseError(_("La fecha de término va después del inicio del curso."),
                              field="completed_on")
    enrollment.status = (EnrollmentStatus.COMPLETED if outcome == Outcome.PASSED
                         else EnrollmentStatus.DROPPED)
    enrollment.attended = outcome != Outcome.ABSENT
    enrollment.completed_on = on if outcome != Outcome.ABSENT else None
    enrollment.recorded_by_id = viewer.id
    record(session, viewer, enrollment.profile.user_id, AuditAction.UPDATE, "enrollment",
           enrollment.id, f"{course.title}: {outcome.value}")
    session.commit()
    return enrollment


def outcome_of(enrollment: Enrollment) -> Outcome | None:
    """What was recorded for ``enrollment``, None while the course goes on."""
    if enrollment.status == EnrollmentStatus.COMPLETED:
        return Outcome.PASSED
    if enrollment.status == EnrollmentStatus.DROPPED:
        return Outcome.ATTENDED if enrollment.attended else Outcome.ABSENT
    return None
