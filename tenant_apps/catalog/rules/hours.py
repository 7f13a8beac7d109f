"""Opening hours and availability schedules.

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

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from .base import MAX_RANGES_PER_DAY, MINUTES_PER_DAY, WEEKDAYS, RuleError

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

        Never later than the real change: ambiguous wall times count at both occurrences, a
        boundary inside a DST gap counts from the transition itself, and every DST transition is
        a candidate too (when the clock falls back, a range that closed in the repeated hour opens
        again at the transition instant, with no boundary of its own there).
        """
        zone = _zone(tz)
        local = _wall(at, zone)
        candidates: list[datetime] = list(_transitions(zone, at, at + timedelta(days=horizon_days + 2)))
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
    # `wall` at the transition instant.
    return [_transition_between(min(first, second), max(first, second), zone)]


_TRANSITION_PROBE = timedelta(hours=6)  # no zone changes its offset twice within six hours


def _transitions(zone: ZoneInfo, start: datetime, end: datetime) -> Iterator[datetime]:
    """The instants in (start, end] at which `zone`'s UTC offset changes (DST and the like)."""
    low = start
    while low < end:
        high = min(low + _TRANSITION_PROBE, end)
        if low.astimezone(zone).utcoffset() != high.astimezone(zone).utcoffset():
            yield _transition_between(low, high, zone)
        low = high


def _transition_between(low: datetime, high: datetime, zone: ZoneInfo) -> datetime:
    """The first instant (to the second) in (low, high] with `high`'s UTC offset; found by bisection."""
    while high - low > timedelta(seconds=1):
        middle = low + (high - low) / 2
        if middle.astimezone(zone).utcoffset() == low.astimezone(zone).utcoffset():
            low = middle
        else:
            high = middle
    return high.replace(microsecond=0)
