"""The youth's forms: one small form per profile step, the job search and the application."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    HiddenField,
    RadioField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    ValidationError,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from models import ExperienceKind, Language, LanguageLevel
from models.base import DAY_PART_BITS

from ..forms import PeruDateField, has_unseen, plain_text, strip
from ..forms import WholeNumberField as SharedWholeNumberField
from ..labels import (
    DAY_PART_LABELS,
    EDUCATION_LABELS,
    KIND_LABELS,
    LANGUAGE_LABELS,
    LEVEL_LABELS,
    MONTH_LABELS,
    SEX_LABELS,
    said,
    staff_reads,
)
from ..services.ages import birth_date_problem
from ..services.profiles import (
    ABOUT_MAX,
    MARKUP_TEXT,
    UNSEEN_TEXT,
    about_problem,
    clean_about,
)

CHOOSE = said(_l("Elige una opción de la lista."), _l("Elija una opción de la lista."))


def options(pairs) -> list[SelectChoice]:
    """Turn (value, label) pairs into the choices WTForms expects."""
    return [SelectChoice(value, label) for value, label in pairs]


def _values(field) -> set[str]:
    return {str(c.value if isinstance(c, SelectChoice) else c[0]) for c in field.choices or []}


def in_choices(message=CHOOSE):
    """Refuse a value that is not one of the field's own choices (a tampered form)."""

    def check(form, field) -> None:
        allowed = _values(field)
        values = field.data if isinstance(field.data, list) else [field.data]
        if any(v not in (None, "") and str(v) not in allowed for v in values):
            raise ValidationError(message)

    return check


class WholeNumberField(SharedWholeNumberField):
    """The shared integer field (web/forms.py), its complaint worded for the youth (tú)."""

    default_invalid = said(_l("Escribe solo números."), _l("Escriba solo números."))


class SpanishDateField(PeruDateField):
    """The shared day/month/year field, its complaint worded for the youth (tú)."""

    default_invalid = said(_l("Escribe la fecha como día/mes/año, por ejemplo 06/12/2007."),
                           _l("Escriba la fecha como día/mes/año, por ejemplo 06/12/2007."))


class CheckboxesField(SelectMultipleField):
    """Several checkboxes; values outside the choices get one plain message."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def __init__(self, label=None, validators=None, invalid=CHOOSE, **kwargs):
        super().__init__(label, validators, validate_choice=False, **kwargs)
        self.invalid = invalid

    def process_formdata(self, valuelist):
        try:
            self.data = [self.coerce(v) for v in valuelist]
        except (ValueError, TypeError):
            self.data = []
            raise ValueError(self.invalid) from None

    def pre_validate(self, form):
        allowed = _values(self)
        if any(str(v) not in allowed for v in self.data or []):
            raise ValidationError(self.invalid)


def plain(form, field) -> None:
    """The shared check (``plain_text``), worded for the youth, who are spoken to as tú: an
    invisible character gets the words of "Sobre mí", markup its own."""
    try:
        plain_text(form, field)
    except ValidationError:
        if staff_reads():
            raise  # the shared words address nobody: right for a counselor acting for her
        if has_unseen(field.data):
            raise ValidationError(UNSEEN_TEXT) from None
        raise ValidationError(MARKUP_TEXT) from None


PICK_DISTRICT = said(_l("Elige un distrito de la lista."), _l("Elija un distrito de la lista."))


class DistrictForm(FlaskForm):
    district = SelectField(said(_l("¿En qué distrito vives?"), _l("¿En qué distrito vive?")),
                           validate_choice=False,
                           validators=[DataRequired(PICK_DISTRICT), in_choices(PICK_DISTRICT)])


class PersonalForm(FlaskForm):
    birth_date = SpanishDateField(_l("Fecha de nacimiento"),
                                  validators=[InputRequired(said(
                                      _l("Escribe tu fecha de nacimiento."),
                                      _l("Escriba su fecha de nacimiento.")))])
    sex = RadioField(said(_l("Sexo (si quieres decirlo)"),
                          _l("Sexo (si la persona quiere decirlo)")),
                     validate_choice=False, default="",
                     choices=options([*((s.value, label) for s, label in SEX_LABELS.items()),
                                      ("", said(_l("Prefiero no decir"),
                                                     _l("Prefiere no decirlo")))]),
                     validators=[Optional(), in_choices()])

    # Asked of 15- to 17-year-olds (the service asks again when none is on record yet).
    guardian_name = StringField(said(
        _l("Nombre de tu madre, padre o apoderado (si tienes 15 a 17 años)"),
        _l("Nombre de su madre, padre o apoderado (si tiene 15 a 17 años)")), filters=[strip],
                                validators=[Optional(), Length(max=120), plain])
    guardian_relation = StringField(_l("Parentesco"), filters=[strip],
                                    validators=[Optional(), Length(max=40), plain])

    def validate_birth_date(self, field) -> None:
        if field.data is None:
            return  # unreadable date: already said so
        problem = birth_date_problem(field.data, date.today(), formal=staff_reads())
        if problem:
            raise ValidationError(problem)

    def validate_guardian_name(self, field) -> None:
        if field.data and not any(char.isalpha() for char in field.data):
            raise ValidationError(said(_l("Escribe el nombre con letras."),
                                       _l("Escriba el nombre con letras.")))


LEVEL_CHOICES = options([("", said(_l("No lo hablo"), _l("No lo habla"))),
                        *((lv.value, label) for lv, label in LEVEL_LABELS.items())])


def _language_field(language: Language) -> SelectField:
    return SelectField(LANGUAGE_LABELS[language], choices=LEVEL_CHOICES, default="",
                       validate_choice=False,
                       validators=[Optional(), in_choices(said(_l("Elige un nivel de la lista."),
                                                     _l("Elija un nivel de la lista.")))])


class LanguagesForm(FlaskForm):
    spa = _language_field(Language.SPANISH)
    que = _language_field(Language.QUECHUA)
    agr = _language_field(Language.AWAJUN)
    hub = _language_field(Language.WAMPIS)
    eng = _language_field(Language.ENGLISH)
    mis = _language_field(Language.OTHER)

    def language_fields(self):
        return [self[lang.value] for lang in Language]

    def levels(self) -> dict[Language, LanguageLevel]:
        return {Language(f.name): LanguageLevel(f.data) for f in self.language_fields()
                if f.data}

    def validate(self, extra_validators=None) -> bool:
        if not super().validate(extra_validators):
            return False
        if not self.levels():
            self.spa.errors.append(said(_l("Marca al menos un idioma que hablas."),
                                        _l("Marque al menos un idioma que habla.")))
            return False
        return True


class EducationForm(FlaskForm):
    education = RadioField(said(_l("¿Hasta dónde estudiaste?"),
                                _l("¿Hasta dónde estudió?")), validate_choice=False,
                           choices=options((str(int(lv)), label) for lv, label in
                                           EDUCATION_LABELS.items()),
                           validators=[DataRequired(said(_l("Elige una opción."),
                                                             _l("Elija una opción."))),
                                       in_choices()])


def _kind_choices():
    return options((k.value, KIND_LABELS[k]) for k in ExperienceKind)


class ExperienceForm(FlaskForm):
    title = StringField(said(_l("¿Qué hiciste?"), _l("¿Qué hizo?")), filters=[strip],
                        validators=[DataRequired(said(_l("Escribe qué hiciste."),
                                                      _l("Escriba qué hizo."))),
                                    Length(max=120, message=said(
                                        _l("Escribe como máximo 120 caracteres."),
                                        _l("Escriba como máximo 120 caracteres."))),
                                    plain])
    kind = RadioField(_l("¿Cómo fue ese trabajo?"), choices=_kind_choices(),
                      validate_choice=False,
                      validators=[DataRequired(said(_l("Elige cómo fue ese trabajo."),
                                                    _l("Elija cómo fue ese trabajo."))),
                                  in_choices()])
    months = WholeNumberField(_l("¿Cuántos meses en total?"),
                              validators=[InputRequired(said(_l("Escribe cuántos meses."),
                                                                  _l("Escriba cuántos meses."))),
                                          NumberRange(0, 600, said(
                                              _l("Escribe un número de meses entre 0 y 600."),
                                              _l("Escriba un número de meses entre 0 y "
                                                 "600.")))])
    description = TextAreaField(said(_l("Cuéntalo en pocas palabras (opcional)"),
                                     _l("Cuéntelo en pocas palabras (opcional)")),
                                filters=[strip],
                                validators=[Optional(),
                                            Length(max=500, message=said(
                                                _l("Escribe como máximo 500 caracteres."),
                                                _l("Escriba como máximo 500 caracteres."))),
                                            plain])


class SearchForm(FlaskForm):
    """A GET search box (no CSRF: it changes nothing)."""

    class Meta:
        csrf = False

    q = StringField(_l("Buscar"), filters=[strip],
                    validators=[Optional(), Length(max=60, message=said(
                        _l("Escribe como máximo 60 caracteres."),
                        _l("Escriba como máximo 60 caracteres.")))])


class CodeForm(FlaskForm):
    """Add or remove one taxonomy entry by its code."""

    code = HiddenField(validators=[DataRequired(CHOOSE), Length(max=16, message=CHOOSE)])


class ConfirmForm(FlaskForm):
    """A button that changes something: only the CSRF token travels."""


class TrainingsForm(FlaskForm):
    trainings = CheckboxesField(said(_l("Cursos del CDE que terminaste"),
                                     _l("Cursos del CDE que terminó")), coerce=int,
                                invalid=said(_l("Elige cursos de la lista."),
                                             _l("Elija cursos de la lista.")))


class AvailabilityForm(FlaskForm):
    months = CheckboxesField(said(_l("¿En qué meses puedes trabajar?"),
                                  _l("¿En qué meses puede trabajar?")), coerce=int,
                             choices=options(MONTH_LABELS.items()),
                             invalid=said(_l("Elige meses entre enero y diciembre."),
                                          _l("Elija meses entre enero y diciembre.")))
    # The form speaks of parts by name (``manana``); the labels are keyed by their bit.
    day_parts = CheckboxesField(_l("¿En qué parte del día?"), choices=options(
        (name, DAY_PART_LABELS[bit]) for name, bit in DAY_PART_BITS.items()),
        invalid=said(_l("Elige mañana, tarde o noche."), _l("Elija mañana, tarde o noche.")))

    def validate(self, extra_validators=None) -> bool:
        if not super().validate(extra_validators):
            return False
        if not self.months.data and not self.day_parts.data:
            self.months.errors.append(said(_l("Marca al menos un mes o una parte del día."),
                                           _l("Marque al menos un mes o una parte del día.")))
            return False
        return True


YES_NO = options([("si", _l("Sí")), ("no", _l("No"))])


DISTANCE = said(_l("Escribe una distancia entre 0 y 2000 km."),
                _l("Escriba una distancia entre 0 y 2000 km."))


class TravelForm(FlaskForm):
    max_travel_km = WholeNumberField(
        said(_l("¿Hasta cuántos kilómetros puedes viajar cada día para trabajar?"),
             _l("¿Hasta cuántos kilómetros puede viajar cada día para trabajar?")),
        invalid=DISTANCE, validators=[InputRequired(DISTANCE), NumberRange(0, 2000, DISTANCE)])
    relocate = RadioField(said(_l("¿Te mudarías a otro lugar por un buen trabajo?"),
                               _l("¿Se mudaría a otro lugar por un buen trabajo?")),
                          choices=YES_NO,
                          validate_choice=False, validators=[Optional(), in_choices()])


class BusinessForm(FlaskForm):
    interested = RadioField(said(_l("¿Te gustaría empezar tu propio negocio?"),
                                 _l("¿Le gustaría empezar su propio negocio?")),
                            choices=YES_NO, validate_choice=False,
                            validators=[DataRequired(said(_l("Elige sí o no."),
                                                          _l("Elija sí o no."))),
                                        in_choices()])


class AboutForm(FlaskForm):
    """'Sobre mí': a few words of the person's own; the service's rule decides what is kept."""

    about = TextAreaField(said(_l("Cuéntales a las empresas quién eres"),
                               _l("Lo que las empresas leen sobre la persona")),
                          render_kw={"maxlength": str(ABOUT_MAX), "rows": "5"})

    def validate_about(self, field) -> None:
        text = clean_about(field.data)
        problem = about_problem(text)
        if problem and staff_reads():
            # The rule's words speak to the youth; a counselor acting for her reads usted.
            if len(text) > ABOUT_MAX:
                problem = _l("Escriba hasta 400 caracteres; ahora hay %(n)d.", n=len(text))
            else:
                plain_text(self, field)
        if problem:
            raise ValidationError(problem)


class DocumentsForm(FlaskForm):
    dni = BooleanField(said(_l("Tengo DNI"), _l("Tiene DNI")))
    cul = BooleanField(said(_l("Tengo Certificado Único Laboral (CUL)"),
                            _l("Tiene Certificado Único Laboral (CUL)")))
    health_card = BooleanField(said(_l("Tengo carné de salud (sanidad)"),
                                    _l("Tiene carné de salud (sanidad)")))
    bank_account = BooleanField(said(_l("Tengo cuenta en un banco o una caja"),
                                     _l("Tiene cuenta en un banco o una caja")))


class VacancySearchForm(FlaskForm):
    """Filters for the job search, read from the query string."""

    class Meta:
        csrf = False

    q = StringField(_l("Palabras"), filters=[strip],
                    validators=[Optional(), Length(max=80, message=_l("Escribe como máximo 80 "
                                                                      "caracteres."))])
    distrito = SelectField(_l("Distrito"), validate_choice=False,
                           validators=[Optional(), in_choices(_l("Elige un distrito de la "
                                                                 "lista."))])
    ocupacion = SelectField(_l("Tipo de trabajo"), validate_choice=False,
                            validators=[Optional(), in_choices()])
    orden = SelectField(_l("Ordenar"), validate_choice=False, default="cerca",
                        choices=options([("cerca", _l("Más cerca primero")),
                                         ("recientes", _l("Más nuevas primero"))]),
                        validators=[Optional(), in_choices()])
    pagina = WholeNumberField(validators=[Optional()])


class ApplyForm(FlaskForm):
    message = TextAreaField(_l("Mensaje para la empresa (opcional)"), filters=[strip],
                            validators=[Optional(),
                                        Length(max=500, message=_l("Tu mensaje puede tener "
                                                                   "como máximo 500 "
                                                                   "caracteres.")),
                                        plain])

