"""The weekly summary e-mail to a brand's owner: last Monday-to-Sunday's sales from its daily
reports, sent on Monday morning in the brand's time zone, once per week."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.mail import send_mail
from django.db import connection, transaction
from django.db.models import Sum

from shared_apps.accounts.models import User
from shared_apps.core.money import format_money
from shared_apps.scheduling.periods import claim_period
from tenant_apps.catalog.models import Location
from tenants.selectors import locale_of

from . import days
from .models import DailyReport

JOB = "reports.weekly_summary"
SEND_AT = time(6, 0)  # local, on Mondays


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def send_moment(monday: date, zone: str) -> datetime:
    return datetime.combine(monday, SEND_AT, tzinfo=ZoneInfo(zone))


def last_full_week(zone: str, now: datetime) -> date | None:
    """The Monday of the latest week whose summary is due at `now` (the week before the current one,
    once this Monday's SEND_AT has passed)."""
    this_monday = _monday(now.astimezone(ZoneInfo(zone)).date())
    if now < send_moment(this_monday, zone):
        this_monday -= timedelta(days=7)
    return this_monday - timedelta(days=7)


def summary(week: date) -> tuple[str, str] | None:
    """(subject, body) of the week starting `week`, from its daily reports; None without any."""
    reports = DailyReport.objects.filter(business_date__range=(week, week + timedelta(days=6)))
    if not reports.exists():
        return None
    rows = reports.values("location_name", "currency").annotate(
        orders=Sum("sales_orders"), revenue=Sum("revenue_cents"), tips=Sum("tip_cents")).order_by("location_name")
    locale = locale_of(connection.tenant)
    lines = [f"  {r['location_name']}: {r['orders']} orders, {format_money(r['revenue'], r['currency'], locale)} "
             f"(tips {format_money(r['tips'], r['currency'], locale)})" for r in rows]
    subject = f"Your week of {week:%d %b %Y}: {sum(r['orders'] for r in rows)} orders"
    return subject, "Sales by location, Monday to Sunday:\n\n" + "\n".join(lines) + "\n"


def send_weekly_summary(*, tenant_id: int, zone: str, now: datetime) -> bool:
    """E-mail the owners last week's summary unless it went already; True if it was sent now."""
    week = last_full_week(zone, now)
    with transaction.atomic():
        if not claim_period(tenant_id, JOB, week.isoformat()):
            return False
        content = summary(week)
        owners = list(User.objects.filter(role=User.Role.OWNER, is_active=True).values_list("email", flat=True))
        if content is None or not owners:
            return False
        # Inside the claim's transaction: a failed send rolls the claim back and the retry sends.
        send_mail(*content, settings.DEFAULT_FROM_EMAIL, owners)
    return True


def zones_still_open(week: date, now: datetime) -> set[str]:
    """The zones of the brand's locations whose Sunday of `week` (plus grace) is not over at `now`:
    at Monday 06:00 in Berlin, a New York location's Sunday still runs, and its report with it."""
    sunday = week + timedelta(days=6)
    zones = set(Location.objects.values_list("timezone", flat=True))
    return {zone for zone in zones if days.last_closed_day(zone, now) < sunday}


def next_send(zone: str, now: datetime) -> datetime:
    monday = _monday(now.astimezone(ZoneInfo(zone)).date())
    moment = send_moment(monday, zone)
    return moment if moment > now else send_moment(monday + timedelta(days=7), zone)
