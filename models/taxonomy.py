"""The skills and occupations taxonomy: codes, Spanish and English labels, synonyms, ISCO, ESCO."""

from __future__ import annotations

from datetime import datetime
from typing import Optional

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, digits_check, utcnow

occupation_skills = sa.Table(
    "occupation_skills",
    Base.metadata,
    sa.Column("occupation_id", sa.ForeignKey("occupations.id", ondelete="CASCADE"),
              primary_key=True),
    sa.Column("skill_id", sa.ForeignKey("skills.id", ondelete="CASCADE"), primary_key=True),
)


class Skill(Base):
    __tablename__ = "skills"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(16), unique=True)
    label_es: Mapped[str] = mapped_column(sa.String(120))
    label_en: Mapped[str] = mapped_column(sa.String(120))
    group: Mapped[str] = mapped_column(sa.String(40))
    esco_uri: Mapped[Optional[str]] = mapped_column(sa.String(200))
    is_active: Mapped[bool] = mapped_column(default=True)

    synonyms: Mapped[list[SkillSynonym]] = relationship(
        back_populates="skill", cascade="all, delete-orphan", order_by="SkillSynonym.term"
    )

    @property
    def terms(self) -> list[str]:
        """The label and every synonym, the label first."""
        return [self.label_es, *(s.term for s in self.synonyms)]

    def __repr__(self) -> str:
        return f"<Skill {self.code} {self.label_es}>"


class SkillSynonym(Base):
    __tablename__ = "skill_synonyms"
    __table_args__ = (sa.UniqueConstraint("skill_id", "term"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    skill_id: Mapped[int] = mapped_column(sa.ForeignKey("skills.id", ondelete="CASCADE"))
    term: Mapped[str] = mapped_column(sa.String(120))

    skill: Mapped[Skill] = relationship(back_populates="synonyms")


class Occupation(Base):
    __tablename__ = "occupations"
    __table_args__ = (sa.CheckConstraint(digits_check("isco_group", 4), name="isco_group_digits"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(16), unique=True)
    label_es: Mapped[str] = mapped_column(sa.String(120))
    label_es_f: Mapped[str] = mapped_column(sa.String(120))
    label_en: Mapped[str] = mapped_column(sa.String(120))
    isco_group: Mapped[str] = mapped_column(sa.String(4))
    esco_uri: Mapped[Optional[str]] = mapped_column(sa.String(200))
    sector: Mapped[str] = mapped_column(sa.String(24))
    # Light work that Peruvian law lets 15–17-year-olds do.
    adolescent_permitted: Mapped[bool] = mapped_column(default=False)
    is_active: Mapped[bool] = mapped_column(default=True)

    synonyms: Mapped[list[OccupationSynonym]] = relationship(
        back_populates="occupation", cascade="all, delete-orphan", order_by="OccupationSynonym.term"
    )
    skills: Mapped[list[Skill]] = relationship(secondary=occupation_skills, order_by=Skill.code)

    @property
    def terms(self) -> list[str]:
        """Both gendered labels and every synonym, the labels first."""
        labels = dict.fromkeys([self.label_es, self.label_es_f])
        return [*labels, *(s.term for s in self.synonyms)]

    def label_for(self, sex: str | None) -> str:
        """Return the label in the person's grammatical gender."""
        return self.label_es_f if sex == "F" else self.label_es

    def __repr__(self) -> str:
        return f"<Occupation {self.code} {self.label_es}>"


class OccupationSynonym(Base):
    __tablename__ = "occupation_synonyms"
    __table_args__ = (sa.UniqueConstraint("occupation_id", "term"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    occupation_id: Mapped[int] = mapped_column(sa.ForeignKey("occupations.id", ondelete="CASCADE"))
    term: Mapped[str] = mapped_column(sa.String(120))

    occupation: Mapped[Occupation] = relationship(back_populates="synonyms")


class TaxonomyVersion(Base):
    """Each load of the taxonomy file, so a report can say which version it used."""

    __tablename__ = "taxonomy_versions"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[str] = mapped_column(sa.String(32), unique=True)
    skills: Mapped[int]
    occupations: Mapped[int]
    loaded_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
