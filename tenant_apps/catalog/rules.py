"""The catalog's rules as pure functions: hours and schedules, delivery zones, modifier choices.

Nothing here touches Django or the database, so ordering (pricing, checkout) and the tests can
use the same rules on plain data. Invalid input raises `RuleError` with per-field messages; the
services turn it into a `DomainError`.

Weekly hours (a location's opening hours, a menu's or category's availability schedule) are a
dict of weekday → list of ranges, in the place's local wall-clock time:

    {"mon": [["07:00", "11:00"], ["17:00", "02:00"]], "sat": [["00:00", "24:00"]]}

A range whose close is earlier than its open runs past midnight into the next day and belongs to
the day it opens on. Exceptions replace the ranges that OPEN on one local date (an empty list
closes the place that day); a late range from the day before still spills into it.
Times are compared as local wall-clock times, so "breakfast until 11:00" means 11:00 on the
clock on the wall, in winter and in summer; during a DST fold the repeated hour counts twice.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import cache
from zoneinfo import ZoneInfo, available_timezones

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
MINUTES_PER_DAY = 24 * 60
MAX_RANGES_PER_DAY = 6
MAX_POLYGON_POINTS = 500

# Fixed vocabularies: the 14 allergens of EU Regulation 1169/2011, common dietary tags and the
# tax categories pricing maps to a rate.
ALLERGENS = (
    "gluten", "crustaceans", "eggs", "fish", "peanuts", "soybeans", "milk", "nuts", "celery",
    "mustard", "sesame", "sulphites", "lupin", "molluscs",
)
DIETARY_TAGS = ("vegetarian", "vegan", "gluten_free", "dairy_free", "nut_free", "halal", "kosher", "spicy")
TAX_CATEGORIES = ("standard", "reduced", "zero")


@cache
def time_zones() -> frozenset[str]:
    return frozenset(available_timezones())


class RuleError(ValueError):
    """Input breaks a catalog rule; `fields` maps a field path to its messages."""

    def __init__(self, message: str, *, fields: dict[str, list[str]] | None = None):
        super().__init__(message)
        self.message = message
        self.fields = fields or {}


# ---------------------------------------------------------------------------------------------
# Hours and schedules

Range = tuple[int, int]  # minutes from local midnight: open, close (close <= open: past midnight)


def parse_clock(value: str, *, allow_24: bool = False) -> int:
    """"HH:MM" → minutes after midnight. "24:00" only as a closing time."""
    if not isinstance(value, str) or len(value) != 5 or value[2] != ":":
        raise ValueError(f"{value!r} is not a time of the form HH:MM.")
    hours, minutes = value[:2], value[3:]
    if not (hours.isdigit() and minutes.isdigit()):
        raise ValueError(f"{value!r} is not a time of the form HH:MM.")
    total = int(hours) * 60 + int(minutes)
    if int(minutes) > 59 or total > MINUTES_PER_DAY or (total == MINUTES_PER_DAY and not allow_24):
        raise ValueError(f"{value!r} is not a time of day.")
    return total


def format_clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _parse_ranges(raw, path: str, errors: dict[str, list[str]]) -> list[Range]:
    if not isinstance(raw, list | tuple):
        errors.setdefault(path, []).append("A list of [open, close] pairs is required.")
        return []
    if len(raw) > MAX_RANGES_PER_DAY:
        errors.setdefault(path, []).append(f"At most {MAX_RANGES_PER_DAY} ranges a day.")
        return []
    ranges: list[Range] = []
    for index, pair in enumerate(raw):
        if not isinstance(pair, list | tuple) or len(pair) != 2:
            errors.setdefault(f"{path}.{index}", []).append("A range is a pair [open, close].")
            continue
        try:
            start = parse_clock(pair[0])
            end = parse_clock(pair[1], allow_24=True)
        except ValueError as exc:
            errors.setdefault(f"{path}.{index}", []).append(str(exc))
            continue
        if start == end:
            errors.setdefault(f"{path}.{index}", []).append("A range must not be empty; use 00:00–24:00 for all day.")
            continue
        ranges.append((start, end))
    return ranges


def _span(r: Range) -> tuple[int, int]:
    start, end = r
    return (start, end if end > start else end + MINUTES_PER_DAY)


def _check_overlaps(ranges: list[Range], path: str, errors: dict[str, list[str]]) -> None:
    spans = sorted(_span(r) for r in ranges)
    for (_, end), (start, _) in zip(spans, spans[1:], strict=False):
        if start < end:
            errors.setdefault(path, []).append("Ranges on one day must not overlap.")
            return


def normalize_weekly(raw) -> dict[str, list[list[str]]]:
    """Validate weekly hours and return them in canonical form (sorted ranges, every weekday).

    Ranges of one day must not overlap, and a range past midnight must not overlap the next
    day's first range.
    """
    errors: dict[str, list[str]] = {}
    if not isinstance(raw, Mapping):
        raise RuleError("Hours must be an object of weekday → ranges.", fields={"": ["Expected an object."]})
    unknown = set(raw) - set(WEEKDAYS)
    if unknown:
        errors[""] = [f"Unknown weekday {day!r}; use {', '.join(WEEKDAYS)}." for day in sorted(unknown)]
    parsed = {day: _parse_ranges(raw.get(day, []), day, errors) for day in WEEKDAYS}
    for index, day in enumerate(WEEKDAYS):
        _check_overlaps(parsed[day], day, errors)
        following = parsed[WEEKDAYS[(index + 1) % 7]]
        spill = max((_span(r)[1] - MINUTES_PER_DAY for r in parsed[day]), default=0)
        if spill > 0 and following and min(start for start, _ in following) < spill:
            errors.setdefault(day, []).append("A range past midnight overlaps the next day's hours.")
    if errors:
        raise RuleError("Hours are not well-formed.", fields=errors)
    return {day: [[format_clock(s), format_clock(e)] for s, e in sorted(parsed[day])] for day in WEEKDAYS}


def normalize_exceptions(raw) -> list[dict]:
    """Validate date exceptions: [{"date": "YYYY-MM-DD", "ranges": [...], "note": ""}], one per date."""
    errors: dict[str, list[str]] = {}
    if not isinstance(raw, list | tuple):
        raise RuleError("Exceptions must be a list.", fields={"": ["Expected a list."]})
    out: dict[str, dict] = {}
    for index, entry in enumerate(raw):
        path = str(index)
        if not isinstance(entry, Mapping):
            errors.setdefault(path, []).append("Expected an object with date and ranges.")
            continue
        try:
            day = date.fromisoformat(str(entry.get("date")))
        except ValueError:
            errors.setdefault(f"{path}.date", []).append("A date of the form YYYY-MM-DD is required.")
            continue
        ranges = _parse_ranges(entry.get("ranges", []), f"{path}.ranges", errors)
        _check_overlaps(ranges, f"{path}.ranges", errors)
        if day.isoformat() in out:
            errors.setdefault(f"{path}.date", []).append("Only one exception per date.")
        out[day.isoformat()] = {
            "date": day.isoformat(),
            "ranges": [[format_clock(s), format_clock(e)] for s, e in sorted(ranges)],
            "note": str(entry.get("note", ""))[:200],
        }
    if errors:
        raise RuleError("Exceptions are not well-formed.", fields=errors)
    return [out[key] for key in sorted(out)]


@dataclass(frozen=True)
class Hours:
    """Weekly ranges plus date exceptions, ready to evaluate. Build with `Hours.from_data`."""

    weekly: tuple[tuple[Range, ...], ...]  # index 0 = Monday
    exceptions: Mapping[date, tuple[Range, ...]] = field(default_factory=dict)

    @classmethod
    def from_data(cls, weekly: Mapping | None, exceptions: Iterable[Mapping] = ()) -> Hours:
        """From canonical (already validated) data; `weekly=None` means always open."""
        if weekly is None:
            all_day = ((0, MINUTES_PER_DAY),)
            return cls(weekly=(all_day,) * 7, exceptions=_exceptions_of(exceptions))
        days = tuple(
            tuple((parse_clock(a), parse_clock(b, allow_24=True)) for a, b in weekly.get(day, ())) for day in WEEKDAYS
        )
        return cls(weekly=days, exceptions=_exceptions_of(exceptions))

    def ranges_opening_on(self, day: date) -> tuple[Range, ...]:
        if day in self.exceptions:
            return self.exceptions[day]
        return self.weekly[day.weekday()]

    def intervals_around(self, local: datetime, *, days_before: int = 1, days_after: int = 0):
        """Naive local (start, end) wall-clock intervals of ranges opening near `local`'s date."""
        for offset in range(-days_before, days_after + 1):
            day = local.date() + timedelta(days=offset)
            midnight = datetime(day.year, day.month, day.day)
            for r in self.ranges_opening_on(day):
                start, end = _span(r)
                yield midnight + timedelta(minutes=start), midnight + timedelta(minutes=end)

    def is_open_at_wall(self, local: datetime) -> bool:
        """Open at this naive local wall-clock time?"""
        return any(start <= local < end for start, end in self.intervals_around(local))

    def is_open(self, at: datetime, tz: str | ZoneInfo) -> bool:
        """Open at the aware instant `at`, judged by the wall clock in `tz`?"""
        return self.is_open_at_wall(_wall(at, tz))

    def next_change(self, at: datetime, tz: str | ZoneInfo, *, horizon_days: int = 8) -> datetime | None:
        """The first instant after `at` at which `is_open` may change (UTC), or None within the horizon.

        Never later than the real change: ambiguous wall times count at both occurrences, and a
        boundary inside a DST gap counts from the transition itself.
        """
        zone = _zone(tz)
        local = _wall(at, zone)
        candidates: list[datetime] = []
        for start, end in self.intervals_around(local, days_before=1, days_after=horizon_days):
            for wall in (start, end):
                candidates.extend(_instants_of_wall(wall, zone))
        later = [c for c in candidates if c > at]
        return min(later) if later else None


def _exceptions_of(exceptions: Iterable[Mapping]) -> dict[date, tuple[Range, ...]]:
    return {
        date.fromisoformat(e["date"]): tuple((parse_clock(a), parse_clock(b, allow_24=True)) for a, b in e.get("ranges", ()))
        for e in exceptions
    }


def _zone(tz: str | ZoneInfo) -> ZoneInfo:
    return tz if isinstance(tz, ZoneInfo) else ZoneInfo(tz)


def _wall(at: datetime, tz: str | ZoneInfo) -> datetime:
    if at.tzinfo is None:
        raise ValueError("An aware datetime is required.")
    return at.astimezone(_zone(tz)).replace(tzinfo=None)


def _instants_of_wall(wall: datetime, zone: ZoneInfo) -> list[datetime]:
    """Every UTC instant whose local wall time is `wall`; for a time in a DST gap, the transition."""
    first = wall.replace(tzinfo=zone, fold=0).astimezone(UTC)
    second = wall.replace(tzinfo=zone, fold=1).astimezone(UTC)
    exists = first.astimezone(zone).replace(tzinfo=None) == wall
    if exists:
        return [first] if first == second else [first, second]
    # In a gap: fold=1 lands before the transition, fold=0 after it; the wall clock jumps past
    # `wall` at the transition instant, found by bisection on the UTC offset.
    low, high = min(first, second), max(first, second)
    while high - low > timedelta(seconds=1):
        middle = low + (high - low) / 2
        if middle.astimezone(zone).utcoffset() == low.astimezone(zone).utcoffset():
            low = middle
        else:
            high = middle
    return [high.replace(microsecond=0)]


# ---------------------------------------------------------------------------------------------
# Delivery zones

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


# ---------------------------------------------------------------------------------------------
# Modifier choices


@dataclass(frozen=True)
class ModifierRule:
    id: object
    name: str
    price_delta_cents: int
    max_quantity: int = 1
    available: bool = True
    groups: tuple[GroupRule, ...] = ()  # nested groups, one level deep


@dataclass(frozen=True)
class GroupRule:
    id: object
    name: str
    min_select: int
    max_select: int | None  # None: no upper bound
    required: bool
    free_quantity: int
    modifiers: tuple[ModifierRule, ...]

    @property
    def effective_min(self) -> int:
        return max(self.min_select, 1) if self.required else self.min_select


@dataclass(frozen=True)
class ChosenModifier:
    id: object
    name: str
    quantity: int
    unit_price_cents: int
    charged_cents: int  # after free quantity


class ModifierSelectionError(RuleError):
    pass


def validate_group_limits(min_select: int, max_select: int | None, required: bool, free_quantity: int) -> None:
    """The shape rules of one group (used when staff edit it)."""
    fields: dict[str, list[str]] = {}
    if min_select < 0:
        fields["min_select"] = ["Must be 0 or more."]
    if max_select is not None and max_select < 1:
        fields["max_select"] = ["Must be at least 1, or empty for no limit."]
    if max_select is not None and min_select > max_select:
        fields["min_select"] = ["Must not exceed max_select."]
    if required and max_select is not None and max_select < 1:
        fields["required"] = ["A required group must allow a choice."]
    if free_quantity < 0:
        fields["free_quantity"] = ["Must be 0 or more."]
    if fields:
        raise RuleError("Modifier group limits are invalid.", fields=fields)


def _charge(group: GroupRule, chosen: list[tuple[ModifierRule, int]]) -> list[ChosenModifier]:
    # The `free_quantity` cheapest units of a group are free ("2 toppings included"); the rule is
    # the same one restaurants print on their menus, and the restaurant never pays for a swap.
    units = sorted((m.price_delta_cents, index) for index, (m, qty) in enumerate(chosen) for _ in range(qty))
    free_by_index: dict[int, int] = {}
    for price, index in units[: group.free_quantity]:
        free_by_index[index] = free_by_index.get(index, 0) + price
    return [
        ChosenModifier(m.id, m.name, qty, m.price_delta_cents, m.price_delta_cents * qty - free_by_index.get(i, 0))
        for i, (m, qty) in enumerate(chosen)
    ]


def validate_modifier_selection(groups: Sequence[GroupRule], selected: Sequence) -> list[ChosenModifier]:
    """Check the modifiers chosen for one item against its groups; return them priced.

    `selected` lists modifier ids; an id given twice means quantity 2. Errors name the group
    (`modifiers.<group id>`) so a client can show them beside it.
    """
    by_id: dict[object, tuple[GroupRule, ModifierRule, ModifierRule | None]] = {}
    for group in groups:
        for modifier in group.modifiers:
            by_id[modifier.id] = (group, modifier, None)
            for child_group in modifier.groups:
                for child in child_group.modifiers:
                    by_id[child.id] = (child_group, child, modifier)
    counts: dict[object, int] = {}
    errors: dict[str, list[str]] = {}
    for mod_id in selected:
        if mod_id not in by_id:
            errors.setdefault("modifiers", []).append(f"{mod_id} is not a modifier of this item.")
            continue
        counts[mod_id] = counts.get(mod_id, 0) + 1
    chosen: list[ChosenModifier] = []

    def check(group: GroupRule) -> None:
        picked = [(m, counts[m.id]) for m in group.modifiers if m.id in counts]
        total = sum(q for _, q in picked)
        key = f"modifiers.{group.id}"
        for modifier, qty in picked:
            if not modifier.available:
                errors.setdefault(key, []).append(f"{modifier.name} is not available.")
            if qty > modifier.max_quantity:
                errors.setdefault(key, []).append(f"{modifier.name}: at most {modifier.max_quantity}.")
        if total < group.effective_min and (group.required or total > 0):
            errors.setdefault(key, []).append(f"{group.name}: choose at least {group.effective_min}.")
        if group.max_select is not None and total > group.max_select:
            errors.setdefault(key, []).append(f"{group.name}: choose at most {group.max_select}.")
        chosen.extend(_charge(group, picked))
        for modifier, _ in picked:
            for child_group in modifier.groups:
                check(child_group)

    for group in groups:
        check(group)
    for mod_id in counts:
        _, modifier, parent = by_id[mod_id]
        if parent is not None and parent.id not in counts:
            errors.setdefault("modifiers", []).append(f"{modifier.name} needs {parent.name} to be chosen.")
    if errors:
        raise ModifierSelectionError("The modifier choice is invalid.", fields=errors)
    return chosen
