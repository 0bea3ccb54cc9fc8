"""A one-page CV built from the profile: the same content for the printable page and the PDF."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import sqlalchemy as sa
from flask_babel import gettext as _
from fpdf import FPDF
from sqlalchemy.orm import Session

from matcher.text import normalize_text
from models import Enrollment, EnrollmentStatus

from ..labels import (
    EDUCATION_LABELS,
    KIND_ON_CV,
    LANGUAGE_LABELS,
    LEVEL_SHORT,
    day_part_names,
)
from .profiles import duration_text, months_text, own_profile

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
# Fit one page: a CV that runs over is cut, never squeezed into unreadable type.
MAX_EXPERIENCES = 6
MAX_SKILLS = 24
MAX_TRAININGS = 6

@dataclass(frozen=True)
class CVExperience:
    title: str
    kind: str
    duration: str
    description: str


@dataclass(frozen=True)
class CV:
    name: str
    place: str
    contact: str
    age: int | None
    looking_for: list[str] = field(default_factory=list)
    about: str = ""
    languages: list[str] = field(default_factory=list)
    education: str = ""
    experiences: list[CVExperience] = field(default_factory=list)
    skills: list[str] = field(default_factory=list)
    trainings: list[str] = field(default_factory=list)
    availability: list[str] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)

    @property
    def filename(self) -> str:
        """An ASCII file name such as 'cv-yeni-quispe.pdf'."""
        words = normalize_text(self.name).split()
        slug = "-".join("".join(c for c in w if c.isalnum()) for w in words)
        return f"cv-{slug or 'chamba'}.pdf"


def cv_of(session: Session, user_id: int, today: date | None = None) -> CV:
    """Gather the person's CV from their profile, in plain Spanish."""
    profile = own_profile(session, user_id)
    district = profile.district
    place = ""
    if district is not None:
        place = _("%(district)s, %(province)s (%(department)s)", district=district.name,
                  province=district.province, department=district.department)
    contact = profile.user.phone or profile.user.email or ""
    if profile.user.phone and profile.user.email:
        contact = f"{profile.user.phone} · {profile.user.email}"
    languages = [_("%(language)s (%(level)s)", language=LANGUAGE_LABELS[cl.language],
                   level=LEVEL_SHORT[cl.level])
                 for cl in sorted(profile.languages, key=lambda cl: list(LANGUAGE_LABELS)
                                  .index(cl.language))]
    experiences = [CVExperience(e.title, str(KIND_ON_CV[e.kind]), duration_text(e.months),
                                e.description)
                   for e in sorted(profile.experiences, key=lambda e: -e.months)]
    trainings = [_("%(title)s (%(hours)d horas)", title=e.training.title, hours=e.training.hours)
                 for e in session.scalars(
                     sa.select(Enrollment).where(Enrollment.profile_id == profile.id,
                                                 Enrollment.status == EnrollmentStatus.COMPLETED)
                     .order_by(Enrollment.completed_on.desc(), Enrollment.id.desc()))]
    availability = []
    if profile.months:
        availability.append(_("Meses: %(months)s", months=months_text(profile.available_months)))
    if profile.day_parts:
        parts = ", ".join(day_part_names(profile.day_parts))
        availability.append(_("Horario: %(parts)s", parts=parts))
    if profile.max_travel_km is not None:
        availability.append(_("Puedo viajar hasta %(km)d km cada día", km=profile.max_travel_km))
    if profile.willing_to_relocate:
        availability.append(_("Puedo mudarme por un trabajo"))
    documents = [str(label) for has, label in (
        (profile.has_dni, _("DNI")),
        (profile.has_cul, _("Certificado Único Laboral (CUL)")),
        (profile.has_health_card, _("Carné de salud")),
        (profile.has_bank_account, _("Cuenta bancaria")),
    ) if has]
    return CV(
        name=f"{profile.first_name} {profile.last_name}".strip(),
        place=place,
        contact=contact,
        age=profile.age_on(today or date.today()),
        looking_for=[o.label_for(profile.sex) for o in profile.desired_occupations],
        about=profile.about or "",
        languages=languages,
        education=(str(EDUCATION_LABELS[profile.education_level])
                   if profile.education_level is not None else ""),
        experiences=experiences,
        skills=[s.label_es for s in profile.skills],
        trainings=trainings,
        availability=availability,
        documents=documents,
    )


class _Page(FPDF):
    def __init__(self, unicode_font: bool):
        super().__init__(format="A4")
        self.face = "Helvetica"
        regular, bold = FONT_DIR / "DejaVuSans.ttf", FONT_DIR / "DejaVuSans-Bold.ttf"
        if unicode_font and regular.exists() and bold.exists():
            self.add_font("DejaVu", "", str(regular))
            self.add_font("DejaVu", "B", str(bold))
            self.face = "DejaVu"

    def safe(self, text: str) -> str:
        """Keep text printable by the core font (Latin-1), which covers á é í ó ú ñ ü."""
        if self.face == "DejaVu":
            return text
        return text.replace("·", "-").encode("latin-1", "replace").decode("latin-1")

    def heading(self, text: str) -> None:
        self.ln(2)
        self.set_font(self.face, "B", 11)
        self.set_text_color(138, 44, 13)
        self.cell(0, 6, self.safe(text), new_x="LMARGIN", new_y="NEXT")
        self.set_draw_color(216, 212, 204)
        self.line(self.l_margin, self.get_y(), self.w - self.r_margin, self.get_y())
        self.ln(1)
        self.set_text_color(29, 35, 33)

    def para(self, text: str, size: float = 9.5, bold: bool = False) -> None:
        self.set_font(self.face, "B" if bold else "", size)
        self.multi_cell(0, 4.6, self.safe(text), new_x="LMARGIN", new_y="NEXT")


def render_pdf(cv: CV, *, compress: bool = True, unicode_font: bool = True) -> bytes:
    """Lay the CV out on one A4 page and return the PDF bytes.

    DejaVu Sans is embedded when the system has it; otherwise the core Helvetica is used,
    whose Latin-1 encoding still covers Spanish accents and the ñ.
    """
    pdf = _Page(unicode_font)
    pdf.set_compression(compress)
    pdf.set_title(_("CV de %(name)s", name=cv.name))
    pdf.set_author(cv.name)
    pdf.set_creator("Chamba")
    pdf.set_margins(18, 15, 18)
    pdf.set_auto_page_break(True, 12)
    pdf.add_page()
    pdf.set_font(pdf.face, "B", 18)
    pdf.cell(0, 9, pdf.safe(cv.name), new_x="LMARGIN", new_y="NEXT")
    facts = [cv.place, cv.contact]
    if cv.age is not None:
        facts.append(_("%(age)d años", age=cv.age))
    pdf.para(" · ".join(f for f in facts if f), size=10)
    if cv.looking_for:
        pdf.para(_("Busco trabajo como: %(jobs)s", jobs=", ".join(cv.looking_for)), size=10)
    if cv.about:
        pdf.ln(1)
        pdf.para(cv.about, size=10)
    if cv.experiences:
        pdf.heading(_("Experiencia"))
        for item in cv.experiences[:MAX_EXPERIENCES]:
            pdf.para(f"{item.title} · {item.kind} · {item.duration}", bold=True)
            if item.description:
                pdf.para(item.description[:300])
    if cv.skills:
        pdf.heading(_("Lo que sé hacer"))
        pdf.para(", ".join(cv.skills[:MAX_SKILLS]))
    if cv.languages:
        pdf.heading(_("Idiomas"))
        pdf.para(", ".join(cv.languages))
    if cv.education or cv.trainings:
        pdf.heading(_("Estudios y capacitaciones"))
        for line in ([cv.education] if cv.education else []) + cv.trainings[:MAX_TRAININGS]:
            pdf.para(line)
    if cv.availability:
        pdf.heading(_("Disponibilidad"))
        for line in cv.availability:
            pdf.para(line)
    if cv.documents:
        pdf.heading(_("Documentos"))
        pdf.para(_("Tengo: %(docs)s", docs=", ".join(cv.documents)))
    pdf.set_y(-18)
    pdf.set_font(pdf.face, "", 7.5)
    pdf.set_text_color(74, 85, 81)
    pdf.cell(0, 4, pdf.safe(_("CV preparado con Chamba, servicio de empleo juvenil del CDE.")))
    return bytes(pdf.output())
