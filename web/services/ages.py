"""The programme's age rule, for forms and services alike: 15 to 29 years old on sign-up.

A plain function returning the message for the person, or ``None``, so a form shows it
next to the field and the service enforces it again before anything is written (as
``vacancies.py`` does for its rules). The arithmetic itself is ``models.age_on``.
"""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _

from models.candidate import MAX_AGE, MIN_AGE, age_on


def birth_date_problem(born: date, today: date, *, formal: bool = False) -> str | None:
    """Say why ``born`` does not make the person 15 to 29 on ``today``, or None when it does.

    ``formal`` speaks as usted (sign-up forms, which a counselor may fill in), else as tú
    (the youth's own profile).
    """
    if born > today:
        return _("La fecha de nacimiento no puede estar en el futuro.")
    age = age_on(born, today)
    if age < MIN_AGE:
        return _("Chamba es para jóvenes desde los 15 años.")
    if age > MAX_AGE:
        if formal:
            return _("Chamba es para jóvenes de 15 a 29 años. El CDE puede orientarle sobre "
                     "otros servicios.")
        return _("Chamba es para jóvenes de 15 a 29 años. El CDE puede orientarte sobre otros "
                 "servicios.")
    return None
