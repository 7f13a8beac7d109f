"""Property-based tests of the pure catalog rules: hours and schedules across time zones and DST,
modifier min/max, delivery zones. The oracles are written independently of rules.py: plain
minute arithmetic on the local wall clock, counting, and geometry of shapes built to be known."""

import math
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from tenant_apps.catalog import rules

# The machines running the suite are shared and busy: generation speed is not what is tested.
SLOW_OK = [HealthCheck.too_slow]

# Zones with DST both hemispheres, odd offsets (half and three-quarter hours), and none.
ZONES = ["Europe/Berlin", "Europe/London", "America/New_York", "America/Santiago", "Australia/Sydney",
         "Australia/Lord_Howe", "Pacific/Auckland", "Pacific/Chatham", "America/St_Johns", "Asia/Kolkata",
         "Asia/Tokyo", "UTC"]
zones = st.sampled_from(ZONES)
instants = st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2032, 12, 31), timezones=st.just(UTC))
quarter_hours = st.integers(min_value=0, max_value=95).map(lambda q: q * 15)


def clock(minutes: int) -> str:
    return rules.format_clock(minutes) if minutes < 1440 else "24:00"


def local_minutes(at: datetime, tz: str) -> tuple[int, int]:
    """(weekday, minutes after local midnight) on the wall clock — the oracle's only tool."""
    local = at.astimezone(ZoneInfo(tz))
    return local.weekday(), local.hour * 60 + local.minute


@settings(max_examples=300, deadline=None, suppress_health_check=SLOW_OK)
@given(tz=zones, at=instants, start=quarter_hours, length=st.integers(min_value=1, max_value=95).map(lambda q: q * 15))
def test_a_daily_window_is_open_exactly_when_the_local_wall_clock_is_inside_it(tz, at, start, length):
    end = (start + length) % 1440 or 1440
    hours = rules.Hours.from_data(rules.normalize_weekly({d: [[clock(start), clock(end)]] for d in rules.WEEKDAYS}))
    _, minute = local_minutes(at, tz)
    expected = start <= minute < end if start < end else (minute >= start or minute < end)
    assert hours.is_open(at, tz) == expected


@settings(max_examples=300, deadline=None, suppress_health_check=SLOW_OK)
@given(tz=zones, at=instants, days=st.sets(st.integers(0, 6), min_size=1, max_size=6))
def test_breakfast_on_some_weekdays_is_available_exactly_in_its_window_on_those_days(tz, at, days):
    schedule = rules.normalize_weekly({rules.WEEKDAYS[d]: [["06:30", "11:00"]] for d in days})
    weekday, minute = local_minutes(at, tz)
    expected = weekday in days and 390 <= minute < 660
    assert rules.Hours.from_data(schedule).is_open(at, tz) == expected


@settings(max_examples=300, deadline=None, suppress_health_check=SLOW_OK)
@given(tz=zones, at=instants, day=st.integers(0, 6))
def test_a_late_range_belongs_to_the_day_it_opens_and_spills_past_midnight(tz, at, day):
    hours = rules.Hours.from_data(rules.normalize_weekly({rules.WEEKDAYS[day]: [["22:00", "03:00"]]}))
    weekday, minute = local_minutes(at, tz)
    expected = (weekday == day and minute >= 1320) or (weekday == (day + 1) % 7 and minute < 180)
    assert hours.is_open(at, tz) == expected


@settings(max_examples=200, deadline=None, suppress_health_check=SLOW_OK)
@given(tz=zones, at=instants)
def test_an_exception_closes_its_date_but_not_the_spill_of_the_day_before(tz, at):
    local_date = at.astimezone(ZoneInfo(tz)).date()
    weekly = rules.normalize_weekly({d: [["18:00", "02:00"]] for d in rules.WEEKDAYS})
    exceptions = rules.normalize_exceptions([{"date": local_date.isoformat(), "ranges": []}])
    _, minute = local_minutes(at, tz)
    assert rules.Hours.from_data(weekly, exceptions).is_open(at, tz) == (minute < 120)


def weekly_hours():
    """Random well-formed weekly hours: up to two ranges a day, some past midnight."""
    day = st.lists(st.tuples(quarter_hours, quarter_hours).filter(lambda r: r[0] != r[1]), max_size=2)
    return st.fixed_dictionaries({d: day for d in rules.WEEKDAYS}).map(
        lambda raw: {d: [[clock(a), clock(b)] for a, b in ranges] for d, ranges in raw.items()})


def near_transitions():
    """Instants within a day of a DST change in one of the zones (where bugs live)."""
    changes = [datetime(2026, 3, 29, 1, tzinfo=UTC), datetime(2026, 10, 25, 1, tzinfo=UTC),   # EU
               datetime(2026, 3, 8, 7, tzinfo=UTC), datetime(2026, 11, 1, 6, tzinfo=UTC),     # US east
               datetime(2026, 4, 4, 16, tzinfo=UTC), datetime(2026, 10, 3, 16, tzinfo=UTC),   # Sydney
               datetime(2026, 4, 4, 14, 45, tzinfo=UTC), datetime(2026, 9, 26, 14, tzinfo=UTC)]  # NZ / Chatham
    return st.tuples(st.sampled_from(changes), st.integers(-36 * 3600, 36 * 3600)).map(lambda p: p[0] + timedelta(seconds=p[1]))


@settings(max_examples=150, deadline=None, suppress_health_check=SLOW_OK)
@given(tz=zones, at=st.one_of(instants, near_transitions()), raw=weekly_hours(), fractions=st.lists(st.floats(0, 1), min_size=1, max_size=8))
def test_next_change_is_never_later_than_a_real_change(tz, at, raw, fractions):
    try:
        hours = rules.Hours.from_data(rules.normalize_weekly(raw))
    except rules.RuleError:
        assume(False)
    state = hours.is_open(at, tz)
    following = hours.next_change(at, tz)
    end = following or at + timedelta(days=8)
    assert end > at
    probes = [at + (end - at) * f for f in fractions] + [end - timedelta(seconds=1)]
    for probe in probes:
        if at <= probe < end:
            assert hours.is_open(probe, tz) == state, (probe, following)


def test_a_range_that_closed_in_the_repeated_hour_reopens_when_the_clock_falls_back():
    # Found by the property above: Chatham falls back from 03:45 to 02:45 at 14:00 UTC on
    # 2026-04-04. Open until 03:00, the place is closed at 03:20 (first pass) and open again at
    # 02:45 (second pass) with no boundary of its own at that instant: the transition is the change.
    hours = rules.Hours.from_data(rules.normalize_weekly({d: [["18:00", "03:00"]] for d in rules.WEEKDAYS}))
    at = datetime(2026, 4, 4, 13, 20, tzinfo=UTC)
    assert not hours.is_open(at, "Pacific/Chatham")
    assert hours.next_change(at, "Pacific/Chatham") == datetime(2026, 4, 4, 14, 0, tzinfo=UTC)
    assert hours.is_open(datetime(2026, 4, 4, 14, 0, 1, tzinfo=UTC), "Pacific/Chatham")


@settings(max_examples=300, deadline=None, suppress_health_check=SLOW_OK)
@given(raw=st.dictionaries(st.sampled_from(rules.WEEKDAYS), st.lists(st.tuples(quarter_hours, quarter_hours), max_size=3)))
def test_normalized_hours_never_overlap_and_normalizing_is_idempotent(raw):
    data = {d: [[clock(a), clock(b)] for a, b in ranges] for d, ranges in raw.items()}
    try:
        weekly = rules.normalize_weekly(data)
    except rules.RuleError:
        return
    assert rules.normalize_weekly(weekly) == weekly
    covered = set()  # every minute of the week is covered at most once
    for index, day in enumerate(rules.WEEKDAYS):
        for a, b in weekly[day]:
            start, end = rules.parse_clock(a), rules.parse_clock(b, allow_24=True)
            length = end - start if end > start else end + 1440 - start
            minutes = {(index * 1440 + start + m) % (7 * 1440) for m in range(length)}
            assert not covered & minutes
            covered |= minutes


# --- modifiers --------------------------------------------------------------------------------

@st.composite
def group_and_choice(draw):
    count = draw(st.integers(1, 6))
    modifiers = tuple(
        rules.ModifierRule(id=i, name=f"m{i}", price_delta_cents=draw(st.integers(0, 500)), max_quantity=draw(st.integers(1, 3)))
        for i in range(count)
    )
    min_select = draw(st.integers(0, 4))
    max_select = draw(st.one_of(st.none(), st.integers(max(min_select, 1), 6)))
    group = rules.GroupRule(id="g", name="G", min_select=min_select, max_select=max_select,
                            required=draw(st.booleans()), free_quantity=draw(st.integers(0, 3)), modifiers=modifiers)
    choice = draw(st.lists(st.integers(0, count - 1), max_size=8))
    return group, choice


@settings(max_examples=500, deadline=None, suppress_health_check=SLOW_OK)
@given(case=group_and_choice())
def test_a_choice_is_accepted_exactly_when_it_respects_min_max_and_quantities(case):
    group, choice = case
    total = len(choice)
    per_modifier_ok = all(choice.count(m.id) <= m.max_quantity for m in group.modifiers)
    minimum = max(group.min_select, 1) if group.required else group.min_select
    meets_min = total >= minimum or (not group.required and total == 0)
    meets_max = group.max_select is None or total <= group.max_select
    expected_ok = per_modifier_ok and meets_min and meets_max
    try:
        chosen = rules.validate_modifier_selection([group], choice)
    except rules.ModifierSelectionError as exc:
        assert not expected_ok, exc.fields
        return
    assert expected_ok
    units = sorted(group.modifiers[i].price_delta_cents for i in choice)
    assert sum(c.charged_cents for c in chosen) == sum(units[group.free_quantity:])
    assert sum(c.quantity for c in chosen) == total


@settings(max_examples=300, deadline=None, suppress_health_check=SLOW_OK)
@given(min_select=st.integers(0, 10), max_select=st.one_of(st.none(), st.integers(0, 10)), required=st.booleans(),
       free=st.integers(-2, 5))
def test_group_limits_are_valid_exactly_when_min_le_max_and_counts_are_sane(min_select, max_select, required, free):
    expected = free >= 0 and (max_select is None or (max_select >= 1 and min_select <= max_select))
    try:
        rules.validate_group_limits(min_select, max_select, required, free)
    except rules.RuleError:
        assert not expected
    else:
        assert expected


def test_a_nested_choice_needs_its_parent_and_is_checked_against_its_own_group():
    dips = rules.GroupRule("dips", "Dips", 1, 1, True, 0, (rules.ModifierRule("ketchup", "Ketchup", 0),))
    large = rules.ModifierRule("large", "Large", 200, groups=(dips,))
    size = rules.GroupRule("size", "Size", 1, 1, True, 0, (large, rules.ModifierRule("small", "Small", 0)))
    assert [c.id for c in rules.validate_modifier_selection([size], ["large", "ketchup"])] == ["large", "ketchup"]
    with pytest.raises(rules.ModifierSelectionError):
        rules.validate_modifier_selection([size], ["large"])  # the nested required group is unmet
    with pytest.raises(rules.ModifierSelectionError):
        rules.validate_modifier_selection([size], ["small", "ketchup"])  # ketchup without its parent


# --- delivery zones ---------------------------------------------------------------------------

lats = st.floats(min_value=-60, max_value=60, allow_nan=False)
lngs = st.floats(min_value=-170, max_value=170, allow_nan=False)


@settings(max_examples=300, deadline=None, suppress_health_check=SLOW_OK)
@given(lat=lats, lng=lngs, h=st.floats(0.001, 1), w=st.floats(0.001, 1), px=st.floats(-0.5, 1.5), py=st.floats(-0.5, 1.5))
def test_a_rectangle_contains_exactly_the_points_within_its_bounds(lat, lng, h, w, px, py):
    ring = [[lat, lng], [lat + h, lng], [lat + h, lng + w], [lat, lng + w], [lat, lng]]
    polygon = rules.normalize_polygon(ring)
    point_lat, point_lng = lat + py * h, lng + px * w
    assume(abs(point_lat - lat) > 1e-9 and abs(point_lat - lat - h) > 1e-9)
    assume(abs(point_lng - lng) > 1e-9 and abs(point_lng - lng - w) > 1e-9)
    expected = lat < point_lat < lat + h and lng < point_lng < lng + w
    assert rules.polygon_contains(polygon, point_lat, point_lng) == expected
    assert rules.polygon_contains(list(reversed(polygon)), point_lat, point_lng) == expected


@st.composite
def star_polygons(draw):
    """A simple polygon, star-shaped around its centre: corners at increasing angles, every gap
    between neighbours below half a turn (4+ corners, gap weights within 1:2 guarantee it)."""
    lat, lng = draw(lats), draw(lngs)
    n = draw(st.integers(4, 12))
    weights = [draw(st.floats(1, 2)) for _ in range(n)]
    start = draw(st.floats(0, 2 * math.pi))
    angles, total = [], 0.0
    for weight in weights:
        angles.append(start + total)
        total += weight / sum(weights) * 2 * math.pi
    radii = [draw(st.floats(0.01, 0.1)) for _ in angles]
    ring = [[lat + r * math.sin(a), lng + r * math.cos(a)] for a, r in zip(angles, radii, strict=True)]
    return (lat, lng), max(radii), ring + [ring[0]]


@settings(max_examples=300, deadline=None, suppress_health_check=SLOW_OK)
@given(shape=star_polygons(), angle=st.floats(0, 2 * math.pi), beyond=st.floats(1.01, 3))
def test_a_star_polygon_contains_its_centre_and_nothing_beyond_its_farthest_corner(shape, angle, beyond):
    (lat, lng), reach, ring = shape
    polygon = rules.normalize_polygon(ring)
    assert rules.polygon_contains(polygon, lat, lng)
    far = reach * beyond
    assert not rules.polygon_contains(polygon, lat + far * math.sin(angle), lng + far * math.cos(angle))


def test_a_self_intersecting_or_open_polygon_is_refused():
    bowtie = [[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]
    for ring in (bowtie, [[0, 0], [1, 0], [1, 1]], [[0, 0], [1, 1], [2, 2], [0, 0]]):
        with pytest.raises(rules.RuleError):
            rules.normalize_polygon(ring)


def destination(lat, lng, bearing, metres):
    """The point `metres` from (lat, lng) along `bearing` on the sphere (the oracle for radii)."""
    d = metres / rules.EARTH_RADIUS_M
    p1, l1 = math.radians(lat), math.radians(lng)
    p2 = math.asin(math.sin(p1) * math.cos(d) + math.cos(p1) * math.sin(d) * math.cos(bearing))
    l2 = l1 + math.atan2(math.sin(bearing) * math.sin(d) * math.cos(p1), math.cos(d) - math.sin(p1) * math.sin(p2))
    return math.degrees(p2), math.degrees(l2)


@settings(max_examples=300, deadline=None, suppress_health_check=SLOW_OK)
@given(lat=lats, lng=lngs, radius=st.integers(100, 20_000), bearing=st.floats(0, 2 * math.pi), ratio=st.floats(0, 2))
def test_a_radius_zone_contains_exactly_the_points_within_its_radius(lat, lng, radius, bearing, ratio):
    assume(abs(ratio - 1) > 0.001)
    zone = rules.Zone(id=1, name="r", kind="radius", fee_cents=0, min_order_cents=0, radius_m=radius)
    point = destination(lat, lng, bearing, radius * ratio)
    assert rules.zone_contains(zone, (lat, lng), *point) == (ratio < 1)
