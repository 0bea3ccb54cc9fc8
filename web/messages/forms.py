"""How a person wants to be reached; a counselor filling it says how consent was given."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectChoice, SelectField, StringField
from wtforms.validators import Length, Optional

from ..forms import strip


class MessagePreferencesForm(FlaskForm):
    phone = StringField(_l("Celular para los mensajes"), filters=[strip],
                        validators=[Optional(), Length(max=20)])
    sms = BooleanField(_l("Recibir avisos por SMS"))
    whatsapp = BooleanField(_l("Recibir avisos por WhatsApp"))
    job_alerts = BooleanField(_l("Una vez por semana, el mejor trabajo nuevo para mí"))


class AssistedMessagePreferencesForm(MessagePreferencesForm):
    """The same choices read by a counselor on the youth's record: about her, not as her."""

    job_alerts = BooleanField(_l("Una vez por semana, el mejor trabajo nuevo para la persona"))
    method = SelectField(_l("Cómo dio su permiso"), choices=[
        SelectChoice("oral", _l("De palabra, ante la consejera o el consejero")),
        SelectChoice("written", _l("Por escrito, con firma"))])
