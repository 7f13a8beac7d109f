"""Delivery zones' geometry: a radius around the location, or a polygon (lat, lng points)."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .base import MAX_POLYGON_POINTS, RuleError

EARTH_RADIUS_M = 6_371_008.8


def distance_m(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    """Great-circle (haversine) distance in metres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lng2 - lng1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a)))


def _valid_point(point) -> bool:
    return (
        isinstance(point, list | tuple) and len(point) == 2
        and all(isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v) for v in point)
        and -90 <= point[0] <= 90 and -180 <= point[1] <= 180
    )


def _segments_cross(a, b, c, d) -> bool:
    """Do the closed segments ab and cd properly intersect or touch?"""

    def orient(p, q, r):
        value = (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0])
        return 0 if value == 0 else (1 if value > 0 else -1)

    def on_segment(p, q, r):
        return min(p[0], r[0]) <= q[0] <= max(p[0], r[0]) and min(p[1], r[1]) <= q[1] <= max(p[1], r[1])

    o1, o2, o3, o4 = orient(a, b, c), orient(a, b, d), orient(c, d, a), orient(c, d, b)
    if o1 != o2 and o3 != o4:
        return True
    return (
        (o1 == 0 and on_segment(a, c, b)) or (o2 == 0 and on_segment(a, d, b))
        or (o3 == 0 and on_segment(c, a, d)) or (o4 == 0 and on_segment(c, b, d))
    )


def normalize_polygon(raw) -> list[list[float]]:
    """A closed, simple ring of [lat, lng] points: first == last, at least 3 distinct corners,
    no self-intersection, non-zero area. Returned as given (closed)."""
    if not isinstance(raw, list | tuple) or not all(_valid_point(p) for p in raw):
        raise RuleError("A polygon is a list of [lat, lng] points.", fields={"polygon": ["Each point is [lat, lng] in range."]})
    points = [[float(p[0]), float(p[1])] for p in raw]
    if len(points) > MAX_POLYGON_POINTS + 1:
        raise RuleError("Polygon too large.", fields={"polygon": [f"At most {MAX_POLYGON_POINTS} points."]})
    if len(points) < 4 or points[0] != points[-1]:
        raise RuleError("Polygon not closed.", fields={"polygon": ["At least 3 corners, and the last point must repeat the first."]})
    ring = points[:-1]
    if len({tuple(p) for p in ring}) != len(ring):
        raise RuleError("Polygon repeats a corner.", fields={"polygon": ["Corners must be distinct."]})
    area2 = sum(ring[i][1] * ring[(i + 1) % len(ring)][0] - ring[(i + 1) % len(ring)][1] * ring[i][0] for i in range(len(ring)))
    if area2 == 0:
        raise RuleError("Polygon has no area.", fields={"polygon": ["The corners must not lie on one line."]})
    n = len(ring)
    for i in range(n):
        for j in range(i + 1, n):
            if j == i + 1 or (i == 0 and j == n - 1):
                continue  # neighbouring edges share a corner
            if _segments_cross(ring[i], ring[(i + 1) % n], ring[j], ring[(j + 1) % n]):
                raise RuleError("Polygon intersects itself.", fields={"polygon": ["Edges must not cross."]})
    return points


def _on_edge(a, b, lat: float, lng: float) -> bool:
    cross = (b[0] - a[0]) * (lng - a[1]) - (b[1] - a[1]) * (lat - a[0])
    return cross == 0 and min(a[0], b[0]) <= lat <= max(a[0], b[0]) and min(a[1], b[1]) <= lng <= max(a[1], b[1])


def polygon_contains(polygon: Sequence[Sequence[float]], lat: float, lng: float) -> bool:
    """Ray casting on the [lat, lng] ring (planar: fine for city-sized zones). Edges count as inside."""
    ring = list(polygon[:-1]) if list(polygon[0]) == list(polygon[-1]) else list(polygon)
    inside = False
    for i in range(len(ring)):
        a, b = ring[i], ring[(i + 1) % len(ring)]
        if _on_edge(a, b, lat, lng):
            return True
        if (a[0] > lat) != (b[0] > lat):
            lng_at = a[1] + (lat - a[0]) * (b[1] - a[1]) / (b[0] - a[0])
            if lng < lng_at:
                inside = not inside
    return inside


@dataclass(frozen=True)
class Zone:
    id: object
    name: str
    kind: str  # "radius" or "polygon"
    fee_cents: int
    min_order_cents: int
    radius_m: int | None = None
    polygon: tuple | None = None


def zone_contains(zone: Zone, origin: tuple[float, float], lat: float, lng: float) -> bool:
    if zone.kind == "radius":
        return distance_m(origin[0], origin[1], lat, lng) <= (zone.radius_m or 0)
    return polygon_contains(zone.polygon or (), lat, lng)


def find_zone(zones: Iterable[Zone], origin: tuple[float, float], lat: float, lng: float) -> Zone | None:
    """The first zone, in the location's order, that contains the point (inner zones come first)."""
    return next((zone for zone in zones if zone_contains(zone, origin, lat, lng)), None)
