"""The vacancy form and the stage-change form of the employer's pages."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    HiddenField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    ValidationError,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from models import ContractType, Language, PayPeriod, RefusalReason, Stage, Vacancy
from models.base import DAY_PART_BITS

from ..forms import PeruDateField, WholeNumberField, plain_text, strip
from ..labels import (
    CONTRACT_LABELS,
    DAY_PART_LABELS,
    LANGUAGE_LABELS,
    MONTH_LABELS,
    PAY_PERIOD_LABELS,
    REASON_LABELS,
    REQUIRED_EDUCATION_LABELS,
    SECTOR_LABELS,
)
from ..services import vacancies
from ..services.vacancies import VacancyData
from ..templating import term

REQUIRED = _l("Este dato es obligatorio.")
SEARCH_LENGTH = Length(max=80, message=_l("Escriba como máximo 80 letras para buscar."))
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Soles as people type them: 1130, 1,130, 1130.50, S/ 45, 37,50.
_AMOUNT = re.compile(r"^-?\d+(\.\d{1,2})?$")
_THOUSANDS = re.compile(r"^-?\d{1,3}(,\d{3})+(\.\d{1,2})?$")


def plain_paragraphs(form, field) -> None:
    """Refuse control characters; line breaks are fine. Markup is shown escaped, never run."""
    if field.data and _CONTROL.search(field.data):
        raise ValidationError(_l("El texto tiene caracteres que no se pueden guardar."))


def parse_soles(raw: str) -> Decimal | None:
    """Read an amount in soles as typed on a phone; None if it is not a number."""
    text = re.sub(r"\s|^S/\.?|^s/\.?", "", (raw or "").strip())
    if _THOUSANDS.match(text):
        text = text.replace(",", "")
    elif text.count(",") == 1 and "." not in text:
        text = text.replace(",", ".")
    if not _AMOUNT.match(text):
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


class DayField(PeruDateField):
    default_invalid = _l("Escriba una fecha válida como día/mes/año, por ejemplo 06/12/2026.")


class Checkboxes(SelectMultipleField):
    """Several values from a list; an unknown value gets a clear Spanish message."""

    def pre_validate(self, form):
        acceptable = {self.coerce(c.value) for c in self._iter_choices_normalized()}
        if any(value not in acceptable for value in self.data or ()):
            raise ValidationError(self.invalid_choice_message)


def _int_or_none(value):
    return None if value in (None, "") else int(value)


class VacancyForm(FlaskForm):
    occupation = SelectField(_l("Ocupación"), validators=[DataRequired(
        _l("Elija una ocupación de la lista o búsquela por su nombre."))],
        invalid_choice_message=_l("Elija una ocupación de la lista."))
    occupation_query = StringField(_l("Buscar ocupación (por ejemplo: mozo, moza, guía)"),
                                   filters=[strip], validators=[Optional(), SEARCH_LENGTH,
                                                                plain_text])
    title = StringField(_l("Título de la oferta"), filters=[strip],
                        validators=[DataRequired(REQUIRED), Length(
                            max=vacancies.TITLE_MAX,
                            message=_l("Escriba un título de hasta 120 caracteres.")),
                            plain_text])
    description = TextAreaField(_l("Descripción del trabajo"), filters=[strip],
                                validators=[Optional(), Length(
                                    max=vacancies.DESCRIPTION_MAX,
                                    message=_l("La descripción puede tener hasta 3000 "
                                               "caracteres.")), plain_paragraphs])
    required_skills = Checkboxes(_l("Habilidades obligatorias"), validate_choice=True,
                                 invalid_choice_message=_l("Elija habilidades de la lista."))
    desired_skills = Checkboxes(_l("Habilidades deseables"), validate_choice=True,
                                invalid_choice_message=_l("Elija habilidades de la lista."))
    skill_query = StringField(_l("Buscar otra habilidad"), filters=[strip],
                              validators=[Optional(), SEARCH_LENGTH, plain_text])
    positions = WholeNumberField(_l("Número de puestos"), default=1, validators=[
        InputRequired(REQUIRED),
        NumberRange(1, vacancies.MAX_POSITIONS, _l("El número de puestos va de 1 a 500."))])
    district = SelectField(_l("Distrito donde se trabaja"),
                           validators=[DataRequired(_l("Elija un distrito de la lista."))],
                           invalid_choice_message=_l("Elija un distrito de la lista."))
    months = Checkboxes(_l("Meses de trabajo"), coerce=int,
                        choices=[SelectChoice(str(m), label) for m, label in MONTH_LABELS.items()],
                        invalid_choice_message=_l("Elija meses de la lista."))
    day_parts = Checkboxes(_l("Turnos"), coerce=int,
                           choices=[SelectChoice(str(bit), DAY_PART_LABELS[bit])
                                    for bit in sorted(DAY_PART_BITS.values())],
                           invalid_choice_message=_l("Elija turnos de la lista."))
    pay = StringField(_l("Pago en soles"), filters=[strip],
                      validators=[DataRequired(_l("Escriba cuánto pagará, en soles.")),
                                  Length(max=20, message=_l(
                                      "Escriba el pago en números, por ejemplo 1130 o 45.50."))])
    pay_period = SelectField(_l("Pago por"), choices=[
        SelectChoice(p.value, PAY_PERIOD_LABELS[p]) for p in PayPeriod],
        default=PayPeriod.MONTH.value,
        invalid_choice_message=_l("Elija si paga al mes, al día o por hora."))
    contract_type = SelectField(_l("Tipo de contrato"), choices=[
        SelectChoice("", _l("Elija…")),
        *(SelectChoice(c.value, CONTRACT_LABELS[c]) for c in ContractType)],
        validators=[DataRequired(_l("Elija un tipo de contrato de la lista."))],
        invalid_choice_message=_l("Elija un tipo de contrato de la lista."))
    languages = Checkboxes(_l("Idiomas que necesita hablar"),
                           # "Another language" says nothing an employer could ask for.
                           choices=[SelectChoice(lang.value, label)
                                    for lang, label in LANGUAGE_LABELS.items()
                                    if lang != Language.OTHER],
                           invalid_choice_message=_l("Elija idiomas de la lista."))
    min_education = SelectField(_l("Estudios mínimos"), coerce=_int_or_none, default=0,
                                choices=[SelectChoice(str(int(level)), label)
                                         for level, label in REQUIRED_EDUCATION_LABELS.items()],
                                invalid_choice_message=_l("Elija un nivel de estudios de la "
                                                          "lista."),
                                invalid_value_message=_l("Elija un nivel de estudios de la "
                                                         "lista."))
    adolescents = BooleanField(_l("Pueden postular adolescentes de 15 a 17 años (solo trabajo "
                                  "ligero permitido, nunca de noche)"))
    closes_on = DayField(_l("Fecha de cierre"), validators=[Optional()])

    def validate_pay(self, field) -> None:
        amount = parse_soles(field.data)
        if amount is None:
            raise ValidationError(_l("Escriba el pago en números, por ejemplo 1130 o 45.50."))
        period = PayPeriod(self.pay_period.data) if self.pay_period.data in set(PayPeriod) \
            else PayPeriod.MONTH
        problem = vacancies.pay_problem(amount, period)
        if problem:
            raise ValidationError(problem)

    def validate_pay_period(self, field) -> None:
        if field.data in set(PayPeriod) and self.contract_type.data in set(ContractType):
            problem = vacancies.contract_pay_problem(ContractType(self.contract_type.data),
                                                     PayPeriod(field.data))
            if problem:
                raise ValidationError(problem)

    def validate_adolescents(self, field) -> None:
        problem = vacancies.night_problem(field.data, sum(self.day_parts.data or ()))
        if problem:
            raise ValidationError(problem)

    def validate_closes_on(self, field) -> None:
        problem = vacancies.closing_date_problem(field.data, vacancies.today())
        if problem:
            raise ValidationError(problem)

    def validate_desired_skills(self, field) -> None:
        total = set(field.data or ()) | set(self.required_skills.data or ())
        if len(total) > vacancies.MAX_SKILLS:
            raise ValidationError(_l("Elija como máximo 15 habilidades."))

    def set_choices(self, occupations, districts, skills) -> None:
        """Fill the drop-downs: occupations by sector, districts by province, the skill pool."""
        self.occupation.choices = [SelectChoice("", _l("Elija una ocupación"))] + [
            SelectChoice(code, term(label), optgroup=str(SECTOR_LABELS.get(sector, sector)))
            for code, label, sector in occupations]
        self.district.choices = [SelectChoice("", _l("Elija un distrito"))] + [
            SelectChoice(code, name, optgroup=province) for code, name, province in districts]
        pool = [SelectChoice(s.code, term(s)) for s in skills]
        self.required_skills.choices = pool
        self.desired_skills.choices = list(pool)

    def fill_from(self, vacancy: Vacancy) -> None:
        """Show ``vacancy``'s current values (for editing)."""
        self.occupation.data = vacancy.occupation.code if vacancy.occupation else ""
        self.title.data = vacancy.title
        self.description.data = vacancy.description
        self.required_skills.data = [s.code for s in vacancy.required_skills]
        self.desired_skills.data = [s.code for s in vacancy.desired_skills]
        self.positions.data = vacancy.positions
        self.district.data = vacancy.district_code
        self.months.data = [row.month for row in vacancy.months]
        self.day_parts.data = [bit for bit in DAY_PART_LABELS if vacancy.day_parts & bit]
        self.pay.data = "" if vacancy.pay_pen is None else f"{vacancy.pay_pen:.2f}"
        self.pay_period.data = vacancy.pay_period.value
        self.contract_type.data = vacancy.contract_type.value
        self.languages.data = [row.language.value for row in vacancy.languages]
        self.min_education.data = vacancy.min_education
        self.adolescents.data = vacancy.allows_adolescents
        self.closes_on.data = vacancy.closes_on

    def to_data(self) -> VacancyData:
        """The validated form as plain values for the service."""
        required = tuple(dict.fromkeys(self.required_skills.data or ()))
        desired = tuple(c for c in dict.fromkeys(self.desired_skills.data or ())
                        if c not in required)
        return VacancyData(
            title=self.title.data, occupation_code=self.occupation.data,
            district_code=self.district.data, pay_pen=parse_soles(self.pay.data),
            pay_period=PayPeriod(self.pay_period.data),
            contract_type=ContractType(self.contract_type.data),
            description=self.description.data or "", required_skills=required,
            desired_skills=desired, positions=self.positions.data,
            months=frozenset(self.months.data or ()), day_parts=sum(set(self.day_parts.data or ())),
            languages=frozenset(Language(v) for v in self.languages.data or ()),
            min_education=self.min_education.data or 0, adolescents=bool(self.adolescents.data),
            closes_on=self.closes_on.data,
        )


class StageForm(FlaskForm):
    """Move an applicant to the next stage; a refusal needs its reason."""

    to_stage = StringField(validators=[DataRequired(_l("Elija una etapa."))])
    reason = SelectField(_l("Motivo (obligatorio si no continúa)"), choices=[
        SelectChoice("", _l("Elija un motivo"))] + [
        SelectChoice(r.value, REASON_LABELS[r]) for r in RefusalReason],
        validate_choice=False)
    note = TextAreaField(_l("Nota para el CDE (opcional)"), filters=[strip],
                         validators=[Optional(), Length(max=500, message=_l(
                             "La nota puede tener hasta 500 caracteres.")), plain_paragraphs])
    # Sent only by the confirmation page: a hire is never one stray tap.
    confirmed = HiddenField()

    def unconfirmed_hire(self) -> bool:
        """Whether this asks to hire without having passed the confirmation step."""
        return self.to_stage.data == Stage.HIRED.value and self.confirmed.data != "1"


class CdeRequestForm(FlaskForm):
    """Ask the territory's CDE for candidates, with an optional word for the counselors."""

    note = TextAreaField(_l("Mensaje para el CDE (opcional)"), filters=[strip],
                         validators=[Optional(), Length(
                             max=vacancies.CDE_REQUEST_NOTE_MAX,
                             message=_l("El mensaje puede tener hasta 300 caracteres.")),
                             plain_text])
