"""Admin forms."""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from ..employers.forms import Checkboxes, DayField
from ..forms import WholeNumberField, plain_text, strip

_DECIMAL = re.compile(r"[+-]?[0-9]{1,3}(\.[0-9]{1,8})?")


def _int_or_none(value):
    return None if value in (None, "", "None") else int(value)


class TermForm(FlaskForm):
    label_es = StringField(_l("Etiqueta en castellano"), filters=[strip],
                           validators=[DataRequired(), Length(max=120), plain_text])
    label_es_f = StringField(_l("Forma femenina (ocupaciones)"), filters=[strip],
                             validators=[Optional(), Length(max=120), plain_text])
    label_en = StringField(_l("Etiqueta en inglés"), filters=[strip],
                           validators=[DataRequired(), Length(max=120), plain_text])
    synonyms = TextAreaField(_l("Sinónimos, uno por línea (formas regionales, femeninas, "
                                "cómo lo diría un joven)"),
                             validators=[Length(max=4000), plain_text])
    esco_uri = StringField(_l("URI de ESCO (si existe)"), filters=[strip],
                           validators=[Optional(), Length(max=200)])
    is_active = BooleanField(_l("Activa (se puede elegir)"), default=True)
    # Skills only: which occupations ask for it and which CDE courses teach it. The hidden
    # field says the lists were on the page, so an empty list means "none", not "unchanged".
    links = HiddenField(default="")
    occupations = Checkboxes(_l("Ocupaciones que la piden"), coerce=int, choices=[])
    courses = Checkboxes(_l("Cursos del CDE que la enseñan"), coerce=int, choices=[])


# --- counselors --------------------------------------------------------------------------------

class CounselorForm(FlaskForm):
    display_name = StringField(_l("Nombre y apellido"), filters=[strip],
                               validators=[DataRequired(), Length(max=120), plain_text])
    email = StringField(_l("Correo de trabajo (para ingresar)"), filters=[strip],
                        validators=[DataRequired(), Length(max=254), plain_text])
    territory = SelectField(_l("Territorio (CDE)"), coerce=_int_or_none,
                            validators=[DataRequired(_l("Elija el territorio (CDE)."))])


class MoveCounselorForm(FlaskForm):
    territory = SelectField(_l("Nuevo territorio (CDE)"), coerce=_int_or_none,
                            validators=[DataRequired(_l("Elija el territorio (CDE)."))])


class ConfirmForm(FlaskForm):
    """A bare POST with its CSRF token."""


# --- courses -----------------------------------------------------------------------------------

class CourseForm(FlaskForm):
    title = StringField(_l("Nombre del curso"), filters=[strip],
                        validators=[DataRequired(), Length(max=160), plain_text])
    description = TextAreaField(_l("Descripción (qué se aprende)"), filters=[strip],
                                validators=[Optional(), Length(max=2000), plain_text])
    skills = Checkboxes(_l("Habilidades que enseña"), coerce=int,
                        validators=[DataRequired(_l("Elija al menos una habilidad."))])
    territory = SelectField(_l("Territorio (CDE)"), coerce=_int_or_none,
                            validators=[DataRequired(_l("Elija el territorio (CDE)."))])
    hours = WholeNumberField(_l("Horas de clase"),
                             validators=[InputRequired(_l("Escriba las horas del curso.")),
                                         NumberRange(1, 2000)])
    starts_on = DayField(_l("Fecha de inicio"), validators=[Optional()])
    ends_on = DayField(_l("Fecha de término"), validators=[Optional()])
    place = StringField(_l("Lugar"), filters=[strip],
                        validators=[Optional(), Length(max=160), plain_text])
    capacity = WholeNumberField(_l("Vacantes (déjelo vacío si no hay límite)"),
                                validators=[Optional(), NumberRange(1, 1000)])


# --- districts and travel times ------------------------------------------------------------------

class CoordinateField(StringField):
    """A decimal degree; accepts a comma as the decimal sign (-13,6272). What was typed is
    shown again as typed, so a refused form keeps it."""

    pattern = _DECIMAL
    invalid = _l("Escriba un número con decimales, por ejemplo -13.6272.")

    def process_formdata(self, valuelist) -> None:
        typed = valuelist[0].strip() if valuelist and isinstance(valuelist[0], str) else ""
        self.raw = typed[:40] if typed else None
        self.data = None
        if not typed:
            return
        if not self.pattern.fullmatch(typed.replace(",", ".")):
            raise ValueError(self.invalid)
        self.data = float(typed.replace(",", "."))

    def _value(self) -> str:
        if getattr(self, "raw", None) is not None:
            return self.raw
        return "" if self.data is None else str(self.data)


class HoursField(CoordinateField):
    """Hours of travel, 1,5 or 1.5; how many is the service's to judge (its range message),
    so a big number such as 99999 is read as a number, not refused as no number at all."""

    pattern = re.compile(r"[+-]?[0-9]{1,9}(\.[0-9]{1,8})?")
    invalid = _l("Escriba las horas con números, por ejemplo 1,5.")


class DistrictForm(FlaskForm):
    ubigeo = StringField(_l("Ubigeo del INEI (6 cifras)"), filters=[strip],
                         validators=[Optional(), Length(max=6)])
    name = StringField(_l("Distrito"), filters=[strip],
                       validators=[DataRequired(), Length(max=80), plain_text])
    province = StringField(_l("Provincia"), filters=[strip],
                           validators=[DataRequired(), Length(max=80), plain_text])
    department = StringField(_l("Departamento"), filters=[strip],
                             validators=[DataRequired(), Length(max=80), plain_text])
    latitude = CoordinateField(_l("Latitud del centro (grados, negativa al sur)"),
                               validators=[InputRequired(_l("Escriba la latitud."))])
    longitude = CoordinateField(_l("Longitud del centro (grados, negativa al oeste)"),
                                validators=[InputRequired(_l("Escriba la longitud."))])
    is_hub = BooleanField(_l("Es un centro regional con muchos empleos (Cusco, Bagua)"))
    territory = SelectField(_l("Territorio (CDE)"), coerce=_int_or_none,
                            validators=[Optional()])


class LegForm(FlaskForm):
    origin = SelectField(_l("Desde"), validators=[DataRequired(_l("Elija el lugar."))])
    destination = SelectField(_l("Hasta"), validators=[DataRequired(_l("Elija el lugar."))])
    hours = HoursField(_l("Horas de viaje (por ejemplo 1,5)"),
                            validators=[InputRequired(_l("Escriba las horas."))])
    mode = SelectField(_l("Por"), validators=[DataRequired()])
    note = StringField(_l("Nota (ruta, transporte)"), filters=[strip],
                       validators=[Optional(), Length(max=160), plain_text])
