"""Where people live and how long it takes to get to work: hours and reach.

Travel time, not straight-line distance, decides whether someone can get to a
job every day: Ocongate is 130 km from Cusco but three hours away by road, and
El Cenepa is reached from Nieva by river. The package ships the travel times
between the programme's fifteen districts and its three hubs
(``matcher/data/travel_hours.csv``, written by the team: hours between
neighbouring places by the usual transport); the time between any two of them
is the shortest path over those legs. For any other pair of places the time
is estimated from the straight-line distance between district centroids
(:data:`KM_PER_HOUR` km per hour, which folds in the detours of mountain and
forest roads).

:func:`matcher.scoring.reach_credit` turns hours into reach.
"""

import csv
from functools import lru_cache
from pathlib import Path

import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import shortest_path

from .features import haversine_km

TRAVEL_HOURS_FILE = Path(__file__).with_name("data") / "travel_hours.csv"

#: Straight-line km per hour of travel when no travel time is known.
KM_PER_HOUR = 30.0


def read_legs(path=TRAVEL_HOURS_FILE):
    """Read travel legs ``{(from, to): hours}`` from a CSV file (``#`` lines are comments).

    Examples
    --------
    >>> legs = read_legs()
    >>> legs[("081201", "081212")]
    0.5
    """
    with open(path, encoding="utf-8") as handle:
        rows = csv.DictReader(line for line in handle if not line.startswith("#"))
        return {(row["from"], row["to"]): float(row["hours"]) for row in rows}


@lru_cache(maxsize=1)
def default_legs():
    """The shipped legs, read once per process."""
    return read_legs()


class TravelTable:
    """Shortest travel hours between every pair of places joined by legs.

    Parameters
    ----------
    legs : mapping of (str, str) to float
        Hours between two places, either way.

    Examples
    --------
    >>> table = TravelTable(default_legs())
    >>> table.hours("080101", "081210")  # Cusco to Ocongate
    3.5
    >>> table.hours("010401", "081210") > 40
    True
    """

    def __init__(self, legs):
        codes = sorted({code for pair in legs for code in pair})
        self.position = {code: i for i, code in enumerate(codes)}
        rows, cols, hours = [], [], []
        for (a, b), h in legs.items():
            if not (h >= 0 and np.isfinite(h)):
                raise ValueError(f"travel hours from {a!r} to {b!r} must be >= 0, got {h!r}")
            rows.append(self.position[a])
            cols.append(self.position[b])
            # A zero-hour leg would vanish from a sparse graph: keep a trace of it.
            hours.append(max(float(h), 1e-9))
        graph = csr_matrix((hours, (rows, cols)), shape=(len(codes), len(codes)))
        self.matrix = shortest_path(graph, directed=False) if codes else np.zeros((0, 0))

    def hours(self, a, b):
        """Hours from ``a`` to ``b``, NaN when either is not in the table."""
        if a == b:
            return 0.0
        i, j = self.position.get(a), self.position.get(b)
        if i is None or j is None or not np.isfinite(self.matrix[i, j]):
            return float("nan")
        return round(float(self.matrix[i, j]), 6)


class Places:
    """Distinct districts of one side of the index, for per-district lookups.

    There are a few hundred districts but up to millions of profiles, so hours
    and reach are computed once per district and gathered per profile.
    ``index`` gives each profile's district slot; the last slot means unknown.
    """

    def __init__(self, codes, coordinates, table):
        self.codes = list(dict.fromkeys(code for code in codes if code is not None))
        position = {code: i for i, code in enumerate(self.codes)}
        unknown = len(self.codes)
        self.index = np.array(
            [unknown if code is None else position[code] for code in codes], dtype=np.int32
        )
        coords = np.array(
            [coordinates.get(code, (np.nan, np.nan)) for code in self.codes], dtype=float
        ).reshape(-1, 2)
        self.lat = np.append(coords[:, 0], np.nan)
        self.lon = np.append(coords[:, 1], np.nan)
        self.table = table
        self.table_row = np.array(
            [table.position.get(code, -1) for code in self.codes] + [-1], dtype=np.int64
        )
        self.code_array = np.array(self.codes + [""], dtype=object)

    def km_by_place(self, point):
        """Straight-line km from ``point`` ((lat, lon) or None) to each slot, NaN if unknown."""
        if point is None:
            return np.full(self.lat.shape, np.nan)
        return haversine_km(point[0], point[1], self.lat, self.lon)

    def hours_by_place(self, code, km_by_place):
        """Travel hours from district ``code`` to each slot; NaN when unknown.

        From the travel table when both places are in it, else from ``km_by_place``.
        """
        hours = km_by_place / KM_PER_HOUR
        if code is None:
            return np.full(self.lat.shape, np.nan)
        row = self.table.position.get(code)
        if row is not None:
            listed = self.table_row >= 0
            hours[listed] = self.table.matrix[row, self.table_row[listed]]
        hours[self.code_array == code] = 0.0
        hours[-1] = np.nan
        return np.where(np.isinf(hours), np.nan, hours)
