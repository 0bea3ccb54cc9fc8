"""Sign-in and sign-up forms."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    PasswordField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    TelField,
    ValidationError,
)
from wtforms.validators import (
    DataRequired,
    Email,
    InputRequired,
    Length,
    Optional,
    Regexp,
)

from models import ruc_is_valid
from models.candidate import ADULT_AGE, age_on

from ..forms import PeruDateField, new_password, no_control, plain_text, strip
from ..labels import SECTOR_LABELS
from ..services.accounts import USERNAME_RE, normalise_phone
from ..services.ages import birth_date_problem

REQUIRED = _l("Este dato es obligatorio.")


class YouthIdentity:
    """Who the young person is and how to reach them, with the checks across those fields;
    shared by the youth's own sign-up and the counselor's assisted registration."""

    first_name = StringField(_l("Nombre"), filters=[strip],
                             validators=[DataRequired(REQUIRED), Length(max=60), plain_text])
    last_name = StringField(_l("Apellidos"), filters=[strip],
                            validators=[Optional(), Length(max=80), plain_text])
    phone = TelField(_l("Celular (9 dígitos)"), filters=[strip],
                     validators=[Optional(), Length(max=20)])
    email = EmailField(_l("Correo (si no hay celular)"), filters=[strip],
                       validators=[Optional(), Length(max=254),
                                   Email(_l("El correo no es válido; debe ser como "
                                            "nombre@ejemplo.pe."))])
    birth_date = PeruDateField(_l("Fecha de nacimiento (día/mes/año)"),
                               validators=[DataRequired(_l("Hace falta una fecha de nacimiento "
                                                           "válida (día, mes y año)."))],
                               invalid=_l("Escribe la fecha como día/mes/año, por ejemplo "
                                          "06/12/2005."),
                               render_kw={"autocomplete": "bday"})
    # The young person reads their own sign-up as tú; a counselor reads the assisted one.
    formal = False

    def validate_phone(self, field) -> None:
        if field.data and not normalise_phone(field.data):
            raise ValidationError(_l("El celular debe tener 9 dígitos y empezar con 9."))

    def validate_birth_date(self, field) -> None:
        problem = birth_date_problem(field.data, date.today(), formal=self.formal)
        if problem:
            raise ValidationError(problem)

    # Self sign-up needs a phone or an e-mail; the CDE may register someone with neither.
    contact_required = True

    def validate(self, extra_validators=None) -> bool:
        # Checks across fields: Optional() stops a field's own chain when it is empty.
        valid = super().validate(extra_validators)
        if self.contact_required and not self.phone.data and not self.email.data:
            self.phone.errors = [*self.phone.errors, _l("Falta un celular o un correo.")]
            valid = False
        born = self.birth_date.data
        if born and age_on(born, date.today()) < ADULT_AGE and not self.guardian_name.data:
            self.guardian_name.errors = [*self.guardian_name.errors, _l(
                "De 15 a 17 años hace falta el nombre de la madre, el padre o el apoderado, "
                "que también da su permiso.")]
            valid = False
        return valid


class LoginForm(FlaskForm):
    identifier = StringField(_l("Celular, correo, usuario o DNI"), filters=[strip],
                             validators=[DataRequired(REQUIRED), Length(max=254), no_control])
    password = PasswordField(_l("Contraseña"), validators=[DataRequired(REQUIRED),
                                                           Length(max=128)])
    # Off by default: phones are often shared.
    remember = BooleanField(_l("Recordarme en este celular (solo si no es compartido)"))


class ChoosePersonForm(FlaskForm):
    """Which of the siblings on a shared phone is signing in (ids from the signed session)."""

    person = RadioField(_l("¿Quién entra?"), coerce=int,
                        validators=[InputRequired(_l("Elige tu nombre de la lista."))])


class YouthSignupForm(YouthIdentity, FlaskForm):
    guardian_name = StringField(_l("Nombre de tu madre, padre o apoderado (si tienes 15 a 17 "
                                   "años)"), filters=[strip],
                                validators=[Optional(), Length(max=120), plain_text])
    guardian_relation = StringField(_l("Parentesco"), filters=[strip],
                                    validators=[Optional(), Length(max=40), plain_text])
    password = PasswordField(_l("Contraseña (mínimo 8 caracteres)"),
                             validators=[DataRequired(REQUIRED), new_password])
    consent = BooleanField(_l("Leí el aviso de privacidad y acepto que Chamba use mis datos "
                              "para buscarme trabajo."),
                           validators=[DataRequired(_l("Sin tu permiso no podemos guardar tus "
                                                       "datos."))])
    visible = BooleanField(_l("Quiero que las empresas verificadas puedan ver mi perfil: "
                              "nombre, distrito, experiencia, habilidades, idiomas, estudios y "
                              "lo que escribo sobre mí (sin mis apellidos ni mi celular)."))


class EmployerSignupForm(FlaskForm):
    business_name = StringField(_l("Nombre del negocio"), filters=[strip],
                                validators=[DataRequired(REQUIRED), Length(max=160), plain_text])
    ruc = StringField(_l("RUC (opcional, 11 dígitos)"), filters=[strip],
                      validators=[Optional(), Length(max=20)])
    # No silent default: a business in Nieva must not become one in Urcos, nor a lodge a farm,
    # because the first option was pre-selected. The empty first choice must be changed.
    district = SelectField(_l("Distrito"), validators=[DataRequired(
        _l("Elija el distrito de su negocio."))],
        invalid_choice_message=_l("Elija un distrito de la lista."))
    sector = SelectField(_l("Rubro"), choices=[
        SelectChoice("", _l("Elija…")),
        *(SelectChoice(s.value, label) for s, label in SECTOR_LABELS.items())],
        validators=[DataRequired(_l("Elija el rubro de su negocio."))],
        invalid_choice_message=_l("Elija un rubro de la lista."))
    contact_name = StringField(_l("Nombre de la persona de contacto"), filters=[strip],
                               validators=[DataRequired(REQUIRED), Length(max=120), plain_text])
    contact_phone = TelField(_l("Celular de contacto"), filters=[strip],
                             validators=[Optional(), Length(max=20)])
    email = EmailField(_l("Correo (si no tiene, ingresará con su celular)"), filters=[strip],
                       validators=[Optional(), Length(max=254),
                                   Email(_l("Escriba un correo válido, como nombre@ejemplo.pe."))])
    password = PasswordField(_l("Contraseña (mínimo 8 caracteres)"),
                             validators=[DataRequired(REQUIRED), new_password])
    consent = BooleanField(_l("Acepto el aviso de privacidad y las reglas de trato a los "
                              "jóvenes (sin discriminación, trabajo permitido para menores)."),
                           validators=[DataRequired(_l("Debe aceptar para registrarse."))])

    def validate_ruc(self, field) -> None:
        if field.data and not ruc_is_valid(field.data):
            raise ValidationError(_l("El RUC no es válido: revise los 11 dígitos."))

    def validate_contact_phone(self, field) -> None:
        if field.data and not normalise_phone(field.data):
            raise ValidationError(_l("El celular debe tener 9 dígitos y empezar con 9."))

    def validate(self, extra_validators=None) -> bool:
        # Many small businesses have a phone and no e-mail: either one is their way in.
        valid = super().validate(extra_validators)
        if not self.contact_phone.data and not self.email.data:
            self.contact_phone.errors = [*self.contact_phone.errors, _l(
                "Escriba su celular o su correo: con uno de ellos ingresará a Chamba.")]
            valid = False
        return valid


class PasswordChangeForm(FlaskForm):
    current = PasswordField(_l("Contraseña actual"), validators=[DataRequired(REQUIRED),
                                                                Length(max=128)])
    password = PasswordField(_l("Nueva contraseña (mínimo 8 caracteres)"),
                             validators=[DataRequired(REQUIRED), new_password])


class RedeemCodeForm(FlaskForm):
    identifier = StringField(_l("Celular, correo, usuario o DNI"), filters=[strip],
                             validators=[DataRequired(REQUIRED), Length(max=254), no_control])
    code = StringField(_l("Código del CDE"), filters=[strip],
                       validators=[DataRequired(REQUIRED), Length(max=20)])
    password = PasswordField(_l("Nueva contraseña (mínimo 8 caracteres)"),
                             validators=[DataRequired(REQUIRED), new_password])


class AssistedSignupForm(YouthIdentity, FlaskForm):
    formal = True
    contact_required = False
    dni = StringField(_l("DNI (8 dígitos, si lo tiene)"), filters=[strip],
                      validators=[Optional(), Regexp(r"^[0-9]{8}$", message=_l(
                          "El DNI tiene 8 dígitos."))])
    username = StringField(_l("Nombre de usuario (si no tiene celular ni correo)"),
                           filters=[strip, lambda v: v.lower() if isinstance(v, str) else v],
                           validators=[Optional(), Regexp(USERNAME_RE, message=_l(
                               "De 3 a 32 letras sin tildes, números o puntos; empieza con "
                               "una letra."))])
    district = SelectField(_l("Distrito"), validators=[DataRequired(REQUIRED)])
    consent_method = SelectField(
        _l("¿Cómo dio su consentimiento?"),
        choices=[SelectChoice("written", _l("Por escrito (ficha firmada)")),
                 SelectChoice("oral", _l("De palabra, ante mí"))],
        validators=[DataRequired(REQUIRED)])
    guardian_name = StringField(_l("Madre, padre o apoderado (si tiene 15 a 17 años)"),
                                filters=[strip],
                                validators=[Optional(), Length(max=120), plain_text])
    guardian_relation = StringField(_l("Parentesco"), filters=[strip],
                                    validators=[Optional(), Length(max=40), plain_text])
    consent = BooleanField(_l("Le leí el aviso de privacidad y aceptó que Chamba use sus datos "
                              "para buscarle trabajo."),
                           validators=[DataRequired(_l("Sin su consentimiento no se puede "
                                                       "registrar."))])
    visible = BooleanField(_l("Aceptó que las empresas verificadas vean su perfil."))


class ConsentForm(FlaskForm):
    purpose = SelectField(choices=[SelectChoice(p) for p in ("processing", "visibility")])
    granted = SelectField(choices=[SelectChoice("1"), SelectChoice("0")])


class ContactForm(FlaskForm):
    """The person's own phone and e-mail for signing in, confirmed with the password."""

    phone = TelField(_l("Celular (9 dígitos)"), filters=[strip],
                     validators=[Optional(), Length(max=20)])
    email = EmailField(_l("Correo"), filters=[strip],
                       validators=[Optional(), Length(max=254),
                                   Email(_l("El correo no es válido; debe ser como "
                                            "nombre@ejemplo.pe."))])
    # Its own id: the erase form on the same page has a "password" too.
    password = PasswordField(_l("Contraseña actual"), id="contact-password", validators=[
        DataRequired(_l("Hace falta la contraseña para confirmar el cambio.")), Length(max=128)])

    def validate_phone(self, field) -> None:
        if field.data and not normalise_phone(field.data):
            raise ValidationError(_l("El celular debe tener 9 dígitos y empezar con 9."))

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if not self.phone.data and not self.email.data:
            self.phone.errors = [*self.phone.errors, _l(
                "Hace falta al menos un celular o un correo para poder ingresar. Sin ninguno "
                "de los dos, el CDE puede ayudar.")]
            valid = False
        return valid


class CorrectionForm(FlaskForm):
    # Each length message names its field: the two errors may show together.
    first_name = StringField(_l("Nombre"), filters=[strip],
                             validators=[DataRequired(REQUIRED), Length(max=60, message=_l(
                                 "El nombre puede tener hasta 60 caracteres.")), plain_text])
    last_name = StringField(_l("Apellidos"), filters=[strip],
                            validators=[Optional(), Length(max=80, message=_l(
                                "Los apellidos pueden tener hasta 80 caracteres.")), plain_text])


class EraseForm(FlaskForm):
    password = PasswordField(_l("Contraseña, para confirmar"),
                             validators=[DataRequired(REQUIRED), Length(max=128)])
    confirm = BooleanField(_l("Entiendo que mis datos se borran y no se pueden recuperar."),
                           validators=[DataRequired(_l("Falta marcar la casilla para confirmar."))])


class SecondFactorForm(FlaskForm):
    code = StringField(_l("Código de su aplicación (6 números) o un código de respaldo"),
                       filters=[strip],
                       validators=[DataRequired(REQUIRED), Length(max=20), no_control])


class EndSessionForm(FlaskForm):
    # A session id of one's own, or "otras" for every other one.
    session_id = StringField(validators=[DataRequired(), Length(max=12)])


class AdminEndSessionsForm(FlaskForm):
    identifier = StringField(_l("Celular o correo de la cuenta"), filters=[strip],
                             validators=[DataRequired(REQUIRED), Length(max=254), no_control])
    reset_mfa = BooleanField(_l("También pedir que vuelva a activar la verificación en dos "
                                "pasos (si perdió su celular)"))
