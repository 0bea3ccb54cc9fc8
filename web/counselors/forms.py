"""Counselor forms."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    HiddenField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional

from models import NoteAudience

from ..employers.forms import DayField as CourseDayField
from ..forms import SolesField, plain_text, strip
from ..labels import NOTE_AUDIENCE_LABELS
from ..services.applications import CHOOSE_AUDIENCE


def note_audience_field(label) -> RadioField:
    """Who reads the note: the CDE's team only (the default) or the employer too."""
    return RadioField(label, default=NoteAudience.INTERNAL.value,
                      choices=[SelectChoice(a.value, text)
                               for a, text in NOTE_AUDIENCE_LABELS.items()],
                      validators=[DataRequired(CHOOSE_AUDIENCE)])


class EmployerDecisionForm(FlaskForm):
    decision = SelectField(_l("Decisión"),
                           choices=[SelectChoice("verify", _l("Verificar")),
                                    SelectChoice("reject", _l("Rechazar"))],
                           validators=[DataRequired()])
    note = TextAreaField(_l("Notas de la visita o motivo"), filters=[strip],
                         validators=[DataRequired(_l("Escriba qué vio en la visita o el motivo.")),
                                     Length(max=1000)])


class ConfirmForm(FlaskForm):
    """A bare POST with its CSRF token."""


class ReviewFilterForm(FlaskForm):
    """GET filters for the ranked list; no CSRF needed, nothing changes."""

    class Meta:
        csrf = False

    distrito = SelectField(_l("Distrito"), validators=[Optional()])
    idioma = SelectField(_l("Idioma"), validators=[Optional()], choices=[
        SelectChoice("", _l("Todos")), SelectChoice("que", _l("Quechua")),
        SelectChoice("agr", _l("Awajún")), SelectChoice("hub", _l("Wampis")),
        SelectChoice("spa", _l("Castellano")), SelectChoice("eng", _l("Inglés"))])
    edad = SelectField(_l("Edad"), validators=[Optional()], choices=[
        SelectChoice("", _l("Todas")), SelectChoice("15-17", "15–17"),
        SelectChoice("18-24", "18–24"), SelectChoice("25-29", "25–29")])
    perfil = SelectField(_l("Perfil"), validators=[Optional()], choices=[
        SelectChoice("", _l("Todos")), SelectChoice("completo", _l("Completo")),
        SelectChoice("incompleto", _l("Incompleto"))])


class DecisionForm(FlaskForm):
    decision = SelectField(_l("Decisión"), choices=[
        SelectChoice("pin", _l("Fijar arriba")), SelectChoice("exclude", _l("Excluir")),
        SelectChoice("clear", _l("Quitar decisión"))], validators=[DataRequired()])
    reason = StringField(_l("Motivo (lo verá el resto del equipo)"), filters=[strip],
                         validators=[Length(max=300), plain_text])


class MoveForm(FlaskForm):
    stage = SelectField(_l("Nueva etapa"), validators=[DataRequired()])
    reason = SelectField(_l("Motivo (si no continúa)"), validators=[Optional()])
    note = TextAreaField(_l("Nota"), filters=[strip], validators=[Length(max=500)])
    note_audience = note_audience_field(_l("¿Quién lee la nota?"))


class NoteForm(FlaskForm):
    body = TextAreaField(_l("Nota del caso"), filters=[strip],
                         validators=[DataRequired(_l("Escriba la nota.")), Length(max=2000)])
    audience = note_audience_field(_l("¿Quién lee la nota?"))


class FollowUpForm(FlaskForm):
    still_working = SelectField(_l("¿Sigue trabajando allí?"), choices=[
        SelectChoice("1", _l("Sí")), SelectChoice("0", _l("No"))], validators=[DataRequired()])
    monthly_pay_pen = SolesField(_l("¿Cuánto gana al mes? (S/)"), validators=[Optional()])
    problem = TextAreaField(_l("¿Algún problema?"), filters=[strip],
                            validators=[Length(max=2000)])
    safety_flag = BooleanField(_l("Hay un problema de seguridad o de trato con la empresa "
                                  "(alertar al resto del equipo)"))


# --- CDE courses: enrol and record the end ------------------------------------------------------

class EnrolForm(FlaskForm):
    profile_id = HiddenField(validators=[DataRequired()])


class OutcomeForm(FlaskForm):
    outcome = RadioField(_l("Cómo terminó"), validators=[DataRequired(_l(
        "Elija cómo terminó: aprobó, asistió sin aprobar o no asistió."))])
    completed_on = CourseDayField(_l("Fecha de término"), validators=[Optional()])
