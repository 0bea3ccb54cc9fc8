"""Counselor forms."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectChoice, SelectField, TextAreaField
from wtforms.validators import DataRequired, Length

from ..forms import strip


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
