"""Date and time fields for input: years 2000 to 2999 only.

Python's dates end at 9999-12-31; a client that sends one makes the first `+ timedelta` (a slot
grid, a prep time, a delay) overflow into a 500. No date Brigade deals in is near either end,
so input fields refuse dates outside this range once, here, with a 400 naming the field.
tests/core/test_fields.py fails for any writable date field of any serializer that is not one of these.
"""

from datetime import date, datetime

from rest_framework import serializers

EARLIEST = date(2000, 1, 1)
LATEST = date(2999, 12, 31)
OUT_OF_RANGE = f"Use a date between {EARLIEST.isoformat()} and {LATEST.isoformat()}."


def _check(day: date) -> None:
    if not EARLIEST <= day <= LATEST:
        raise serializers.ValidationError(OUT_OF_RANGE, code="date_out_of_range")


class DateField(serializers.DateField):
    def to_internal_value(self, value) -> date:
        day = super().to_internal_value(value)
        _check(day)
        return day


class DateTimeField(serializers.DateTimeField):
    def to_internal_value(self, value) -> datetime:
        moment = super().to_internal_value(value)
        _check(moment.date())
        return moment
