"""factory_boy factories for the tables tests build most often."""

from __future__ import annotations

import factory
from factory.alchemy import SQLAlchemyModelFactory

from models import (
    CandidateProfile,
    Employer,
    EmployerStatus,
    Role,
    Sector,
    User,
    Vacancy,
    VacancyStatus,
    utcnow,
)
from tests.helpers import PASSWORD, AuthActions, territory, years_ago
from web.extensions import db
from web.services.passwords import hash_password

_HASH = hash_password(PASSWORD)
# Every staff account a factory makes has this authenticator enrolled; tests compute codes
# with tests.conftest.totp_code.
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


class _Base(SQLAlchemyModelFactory):
    class Meta:
        abstract = True
        sqlalchemy_session_factory = lambda: db.session  # noqa: E731
        sqlalchemy_session_persistence = "commit"


class UserFactory(_Base):
    class Meta:
        model = User

    role = Role.YOUTH
    phone = factory.Sequence(lambda n: f"9{n:08d}")
    email = None
    display_name = factory.Sequence(lambda n: f"Yeni{n}")
    password_hash = _HASH

    @factory.post_generation
    def authenticator(self, create, extracted, **kwargs):
        """Staff sign in with a second factor: enrol the known secret (``authenticator=False``
        leaves them to enrol at first sign-in)."""
        from models import StaffTotp, utcnow

        if create and extracted is not False and self.role in (Role.COUNSELOR, Role.ADMIN):
            db.session.add(StaffTotp(user_id=self.id, secret=TOTP_SECRET, confirmed_at=utcnow()))
            db.session.commit()


class ProfileFactory(_Base):
    class Meta:
        model = CandidateProfile

    user = factory.SubFactory(UserFactory)
    first_name = factory.SelfAttribute("user.display_name")
    last_name = "Quispe"
    district_code = "081201"


class EmployerFactory(_Base):
    class Meta:
        model = Employer

    owner = factory.SubFactory(UserFactory, role=Role.EMPLOYER, phone=None,
                               email=factory.Sequence(lambda n: f"empresa{n}@test.pe"))
    name = factory.Sequence(lambda n: f"Negocio {n}")
    district_code = "081201"
    sector = Sector.TOURISM
    status = EmployerStatus.PENDING


class VacancyFactory(_Base):
    class Meta:
        model = Vacancy

    employer = factory.SubFactory(EmployerFactory)
    title = "Mesera o mesero"
    district_code = factory.SelfAttribute("employer.district_code")
    contract_type = "temporal"
    status = VacancyStatus.OPEN


def counselor(email: str, territory_code: str = "quispicanchi", **fields) -> User:
    """A counselor of one CDE (``quispicanchi`` or ``condorcanqui``), signing in by e-mail."""
    return UserFactory(role=Role.COUNSELOR, phone=None, email=email,
                       territory=territory(territory_code), **fields)


def verified_employer(verified_by: User, **fields) -> Employer:
    """An employer a counselor or admin has verified, so its vacancies are public."""
    return EmployerFactory(status=EmployerStatus.VERIFIED, verified_by=verified_by,
                           verified_at=utcnow(), **fields)


def sign_in_youth(client, **profile_fields) -> CandidateProfile:
    """Create a youth of 20 in Urcos (unless told otherwise) and sign them in on ``client``."""
    profile_fields.setdefault("birth_date", years_ago(20))
    profile = ProfileFactory(**profile_fields)
    AuthActions(client).login(profile.user.phone)
    return profile
