"""Admin forms."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from ..forms import plain_text, strip


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
