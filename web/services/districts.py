"""Districts and the travel-time table, as the programme admin keeps them.

The matcher reads both from the database (``matching.reference_data``): district
centroids for straight-line distances, and travel legs (hours between neighbouring
places) for the time it takes to get to work. The legs start as the table shipped with
the matcher (``matcher/data/travel_hours.csv``), loaded by ``flask load-taxonomy``;
what the admin edits replaces the shipped hours of that leg.
"""

from __future__ import annotations

import csv
import math
import re
from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import Session, aliased, selectinload

from matcher.geo import TRAVEL_HOURS_FILE, default_legs
from models import District, Territory, TravelLeg

from .access import NotFound

UBIGEO_RE = re.compile(r"^[0-9]{6}$")
MODES = ("road", "river", "walk")
MAX_HOURS = 200.0
# Peru's mainland, with a margin: a centroid outside it is a typing slip (a lost minus sign).
LATITUDES = (-18.6, 0.2)
LONGITUDES = (-81.6, -68.4)


class DistrictError(ValueError):
    """A district or travel-time edit that cannot be saved; the message is in Spanish.

    ``field`` names the form field the message belongs to, when there is one.
    """

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class DistrictEdit:
    ubigeo: str
    name: str
    province: str
    department: str
    latitude: float | None
    longitude: float | None
    is_hub: bool
    territory_id: int | None


@dataclass(frozen=True)
class LegRow:
    leg: TravelLeg
    origin: District
    destination: District


# --- districts -------------------------------------------------------------------------------

def list_districts(session: Session) -> list[District]:
    """Every district, by department, province and name."""
    return list(session.scalars(sa.select(District).options(selectinload(District.territory))
                                .order_by(District.department, District.province,
                                          District.name)))


def get_district(session: Session, ubigeo: str | None) -> District | None:
    """The district ``ubigeo`` (None for a new one); NotFound if there is none."""
    if ubigeo is None:
        return None
    district = session.get(District, ubigeo) if UBIGEO_RE.match(ubigeo) else None
    if district is None:
        raise NotFound(ubigeo)
    return district


def _check(session: Session, edit: DistrictEdit) -> Territory | None:
    for text in (edit.name, edit.province, edit.department):
        if not text.strip() or len(text.strip()) > 80:
            raise DistrictError(_("Escriba el nombre, la provincia y el departamento "
                                  "(hasta 80 caracteres cada uno)."))
    for value, (low, high) in ((edit.latitude, LATITUDES), (edit.longitude, LONGITUDES)):
        if value is None or not math.isfinite(value) or not low <= value <= high:
            raise DistrictError(_("Las coordenadas deben caer en el Perú: latitud entre -18,6 "
                                  "y 0,2, longitud entre -81,6 y -68,4 (con el signo menos)."))
    if edit.territory_id is None:
        return None
    territory = session.get(Territory, edit.territory_id)
    if territory is None:
        raise DistrictError(_("Elija el territorio de la lista."))
    return territory


def save_district(session: Session, ubigeo: str | None, edit: DistrictEdit) -> District:
    """Create (``ubigeo`` None, with ``edit.ubigeo``) or update a district; commit."""
    territory = _check(session, edit)
    if ubigeo is None:
        if not UBIGEO_RE.match(edit.ubigeo or ""):
            raise DistrictError(_("El ubigeo son 6 cifras del INEI, por ejemplo 081210."))
        if session.get(District, edit.ubigeo) is not None:
            raise DistrictError(_("Ya existe un distrito con ese ubigeo."))
        district = District(ubigeo=edit.ubigeo)
        session.add(district)
    else:
        district = get_district(session, ubigeo)
    district.name = edit.name.strip()
    district.province = edit.province.strip()
    district.department = edit.department.strip()
    district.latitude, district.longitude = edit.latitude, edit.longitude
    district.is_hub = edit.is_hub
    district.territory = territory
    session.commit()
    return district


# --- travel legs ----------------------------------------------------------------------------

def seed_legs(session: Session, legs: dict | None = None) -> int:
    """Add the shipped legs the table lacks (never overwriting an edit); not committed.

    Returns how many were added. Legs between places that are not districts are skipped.
    """
    legs = default_legs() if legs is None else legs
    known = set(session.scalars(sa.select(District.ubigeo)))
    have = {tuple(sorted(pair)) for pair in session.execute(
        sa.select(TravelLeg.from_ubigeo, TravelLeg.to_ubigeo))}
    notes = _shipped_notes()
    added = 0
    for (a, b), hours in legs.items():
        if a in known and b in known and tuple(sorted((a, b))) not in have:
            mode, note = notes.get((a, b), ("road", ""))
            session.add(TravelLeg(from_ubigeo=a, to_ubigeo=b, hours=hours, mode=mode,
                                  note=note[:160]))
            have.add(tuple(sorted((a, b))))
            added += 1
    session.flush()
    return added


def _shipped_notes() -> dict[tuple[str, str], tuple[str, str]]:
    with open(TRAVEL_HOURS_FILE, encoding="utf-8") as handle:
        rows = csv.DictReader(line for line in handle if not line.startswith("#"))
        return {(r["from"], r["to"]): (r.get("mode") or "road", r.get("note") or "")
                for r in rows}


def legs_for_matcher(session: Session) -> dict[tuple[str, str], float]:
    """Every leg in the table as ``{(from, to): hours}``, the way the matcher takes them.

    The matcher adds its shipped legs under these; a leg keyed the other way round from a
    shipped one would sit beside it (and the shorter would win), so it takes the shipped
    leg's key and replaces it.
    """
    shipped = default_legs()
    legs = {}
    for a, b, hours in session.execute(
            sa.select(TravelLeg.from_ubigeo, TravelLeg.to_ubigeo, TravelLeg.hours)):
        key = (b, a) if (a, b) not in shipped and (b, a) in shipped else (a, b)
        legs[key] = float(hours)
    return legs


def list_legs(session: Session) -> list[LegRow]:
    """Every leg with its two districts, by the origin's name."""
    origin, destination = aliased(District), aliased(District)
    rows = session.execute(
        sa.select(TravelLeg, origin, destination)
        .join(origin, origin.ubigeo == TravelLeg.from_ubigeo)
        .join(destination, destination.ubigeo == TravelLeg.to_ubigeo)
        .order_by(origin.name, destination.name))
    return [LegRow(*row) for row in rows]


def save_leg(session: Session, origin: str, destination: str, hours: float | None,
             mode: str, note: str = "") -> TravelLeg:
    """Set the hours between two districts (either way round); add the leg if new; commit."""
    if origin == destination:
        raise DistrictError(_("Elija dos lugares distintos."), field="destination")
    if session.get(District, origin or "") is None or \
            session.get(District, destination or "") is None:
        raise DistrictError(_("Elija los dos lugares de la lista."), field="origin")
    if hours is None or not math.isfinite(hours) or not 0 < hours <= MAX_HOURS:
        raise DistrictError(_("Las horas van de más de 0 a 200 (por ejemplo 1,5)."), field="hours")
    if mode not in MODES:
        raise DistrictError(_("Elija por carretera, por río o a pie."), field="mode")
    if len(note) > 160:
        raise DistrictError(_("La nota puede tener hasta 160 caracteres."), field="note")
    leg = session.get(TravelLeg, (origin, destination)) or \
        session.get(TravelLeg, (destination, origin))
    if leg is None:
        leg = TravelLeg(from_ubigeo=origin, to_ubigeo=destination)
        session.add(leg)
    leg.hours = round(float(hours), 2)
    leg.mode = mode
    leg.note = note.strip()
    session.commit()
    return leg

