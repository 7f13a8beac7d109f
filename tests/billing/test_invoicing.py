"""Invoices at each period's end: prorated plan fees, per-order fees over the included orders,
metered from the order events once, numbered without gaps; and the dunning path to `suspended`
and back."""

import threading
from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail
from django.db import connection, transaction
from django_tenants.utils import tenant_context

from shared_apps.billing import cycle, dunning, invoicing
from shared_apps.billing.models import Invoice, Plan, PlanChange, Subscription
from shared_apps.billing.selectors import subscription_of
from shared_apps.platform_admin.services import reactivate_tenant, suspend_tenant
from tenant_apps.orders.models import OrderEvent
from tenants.audit import Actor
from tenants.models import AuditEvent, Tenant
from tests.orders.factories import OrderFactory

START = datetime(2026, 3, 1, tzinfo=UTC)
END = datetime(2026, 4, 1, tzinfo=UTC)


def on_plan(tenant: Tenant, code: str, *, start=START, end=END) -> Subscription:
    """The brand's subscription, active on `code` for [start, end)."""
    subscription = subscription_of(tenant)
    subscription.plan = Plan.objects.get(code=code)
    subscription.status = Subscription.Status.ACTIVE
    subscription.current_period_start, subscription.current_period_end = start, end
    subscription.save()
    Tenant.objects.filter(pk=tenant.pk).update(status=Tenant.Status.ACTIVE)
    return subscription


def place_orders(tenant: Tenant, moments: list[datetime]) -> None:
    """One order per moment, with the events of a card order: pending, then placed at `moment`."""
    with tenant_context(tenant):
        seq = (OrderEvent.objects.order_by("-seq").values_list("seq", flat=True).first() or 0) + 1
        for moment in moments:
            order = OrderFactory(created=moment - timedelta(minutes=1))
            OrderEvent.objects.create(seq=seq, order=order, kind="created", to_status="pending_payment",
                                      actor_role="customer", created=moment - timedelta(minutes=1))
            OrderEvent.objects.create(seq=seq + 1, order=order, kind="status_changed", from_status="pending_payment",
                                      to_status="placed", actor_role="system", created=moment)
            seq += 2


def change_plan_at(subscription: Subscription, code: str, moment: datetime) -> None:
    change = PlanChange.objects.create(subscription=subscription, from_plan=subscription.plan,
                                       to_plan=Plan.objects.get(code=code))
    PlanChange.objects.filter(pk=change.pk).update(changed_at=moment)
    subscription.plan = change.to_plan
    subscription.save(update_fields=["plan"])


def test_a_full_period_on_one_plan_is_its_fee_and_the_orders_over_the_included_ones(tenant_a):
    on_plan(tenant_a, "starter")  # 2,900 a month, 100 orders included, 25 each over
    place_orders(tenant_a, [START + timedelta(hours=n) for n in range(103)])
    place_orders(tenant_a, [START - timedelta(seconds=1), END])  # the periods before and after
    cycle.run(tenant_a.pk, now=END + timedelta(minutes=5))
    invoice = Invoice.objects.get(tenant=tenant_a)
    lines = [(line.kind, line.quantity, line.unit_amount_cents, line.amount_cents) for line in invoice.lines.all()]
    assert lines == [("plan_fee", 1, 2900, 2900), ("order_fees", 3, 25, 75)]
    assert (invoice.total_cents, invoice.currency, invoice.orders_placed) == (2975, "EUR", 103)
    assert (invoice.period_start, invoice.period_end, invoice.status) == (START, END, Invoice.Status.OPEN)
    assert invoice.number.startswith("BRG-")
    assert subscription_of(tenant_a).current_period_start == END


def test_a_plan_change_mid_period_prorates_both_plans_by_time(tenant_a):
    subscription = on_plan(tenant_a, "starter")
    change_plan_at(subscription, "growth", START + timedelta(days=10))  # 10 of March's 31 days on starter
    cycle.run(tenant_a.pk, now=END)
    invoice = Invoice.objects.get(tenant=tenant_a)
    fees = [(line.unit_amount_cents, line.amount_cents) for line in invoice.lines.all()]
    assert fees == [(2900, round(2900 * 10 / 31)), (7900, round(7900 * 21 / 31))]
    assert "prorated" in invoice.lines.first().description
    assert invoice.total_cents == round(2900 * 10 / 31) + round(7900 * 21 / 31)


def test_the_cycle_run_again_or_late_invoices_each_period_once(tenant_a):
    on_plan(tenant_a, "growth")
    cycle.run(tenant_a.pk, now=END + timedelta(days=62))  # down for two months: three periods ended
    cycle.run(tenant_a.pk, now=END + timedelta(days=62))
    periods = list(Invoice.objects.filter(tenant=tenant_a).order_by("period_start").values_list("period_start", flat=True))
    assert periods == [START, END, datetime(2026, 5, 1, tzinfo=UTC)]
    numbers = sorted(int(n.rsplit("-", 1)[1]) for n in Invoice.objects.values_list("number", flat=True))
    assert numbers == list(range(numbers[0], numbers[0] + 3))


def test_a_rolled_back_invoice_gives_its_number_back(tenant_a):
    subscription = on_plan(tenant_a, "starter")
    with pytest.raises(RuntimeError), transaction.atomic():
        taken = invoicing.issue_invoice(subscription, START, END, now=END).number
        raise RuntimeError("the run dies before commit")
    assert invoicing.issue_invoice(subscription, START, END, now=END).number == taken


def test_the_owner_is_emailed_the_invoice(tenant_a, django_capture_on_commit_callbacks):
    on_plan(tenant_a, "starter")
    with django_capture_on_commit_callbacks(execute=True):
        cycle.run(tenant_a.pk, now=END)
    invoice = Invoice.objects.get(tenant=tenant_a)
    assert [m.to for m in mail.outbox] == [["owner@alpha.test"]]
    assert invoice.number in mail.outbox[0].subject
    html = mail.outbox[0].alternatives[0][0]
    assert invoice.number in html and "Starter plan" in html


def test_unpaid_goes_past_due_then_suspended_and_paying_makes_it_active_at_once(
        tenant_a, client_a, django_capture_on_commit_callbacks):
    on_plan(tenant_a, "starter")
    with django_capture_on_commit_callbacks(execute=True):
        assert cycle.run(tenant_a.pk, now=END) == END + timedelta(days=7)  # next: when the invoice falls due
    invoice = Invoice.objects.get(tenant=tenant_a)

    def status():
        return subscription_of(tenant_a).status, Tenant.objects.get(pk=tenant_a.pk).status

    with django_capture_on_commit_callbacks(execute=True):
        cycle.run(tenant_a.pk, now=END + timedelta(days=6))
        assert status() == ("active", "active")
        cycle.run(tenant_a.pk, now=invoice.due_at)
        assert status() == ("past_due", "past_due")
        cycle.run(tenant_a.pk, now=invoice.due_at + timedelta(days=3))
        assert status() == ("past_due", "past_due")  # reminded once, nothing more yet
        cycle.run(tenant_a.pk, now=invoice.due_at + timedelta(days=7))
        assert status() == ("suspended", "suspended")
    assert [m.subject for m in mail.outbox] == [f"Your Brigade invoice {invoice.number}",
                                                f"Invoice {invoice.number} is overdue",
                                                f"Invoice {invoice.number} is unpaid: ordering is suspended"]
    assert client_a.post("/api/v1/orders/", {}, format="json").json()["code"] == "tenant_suspended"

    dunning.mark_paid(invoice, by=Actor.system("manual-provider"))
    assert status() == ("active", "active")
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.PAID and invoice.paid_at is not None
    actions = list(AuditEvent.objects.filter(tenant=tenant_a).order_by("created", "id").values_list("action", flat=True))
    assert actions[-5:] == ["invoice.issued", "subscription.past_due", "subscription.suspended", "invoice.paid",
                            "subscription.active"]


def test_a_brand_an_admin_suspended_stays_suspended_while_its_invoice_is_dunned_and_paid(tenant_a):
    on_plan(tenant_a, "starter")
    cycle.run(tenant_a.pk, now=END)
    invoice = Invoice.objects.get(tenant=tenant_a)
    suspend_tenant(Tenant.objects.get(pk=tenant_a.pk), by=Actor.system("admin"), reason="Chargebacks")

    def status():
        return subscription_of(tenant_a).status, Tenant.objects.get(pk=tenant_a.pk).status

    cycle.run(tenant_a.pk, now=invoice.due_at)
    assert status() == ("past_due", "suspended")  # billing moves; the admin's suspension holds
    dunning.mark_paid(invoice, by=Actor.system("manual-provider"))
    assert status() == ("active", "suspended")
    reactivate_tenant(Tenant.objects.get(pk=tenant_a.pk), by=Actor.system("admin"), reason="Resolved")
    assert status() == ("active", "active")


def test_two_workers_closing_periods_at_once_take_consecutive_numbers(committed_db):
    from tenants.services import provision_tenant
    from tests.factories import PASSWORD

    tenants = [provision_tenant(f"numbering-{n}", f"N{n}", owner_email=f"o{n}@n.test", owner_password=PASSWORD)
               for n in range(4)]
    for tenant in tenants:
        on_plan(tenant, "starter")
    barrier, errors = threading.Barrier(len(tenants)), []

    def close(tenant):
        try:
            barrier.wait(timeout=30)
            cycle.run(tenant.pk, now=END)
        except Exception as exc:  # noqa: BLE001  reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=close, args=(t,)) for t in tenants]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    numbers = sorted(int(n.rsplit("-", 1)[1]) for n in
                     Invoice.objects.filter(tenant__in=tenants).values_list("number", flat=True))
    assert numbers == list(range(numbers[0], numbers[0] + len(tenants)))


def test_a_provider_that_collects_at_once_leaves_nothing_to_dun(tenant_a, settings, django_capture_on_commit_callbacks):
    settings.BILLING_PAYMENT_PROVIDER = "test"
    on_plan(tenant_a, "starter")
    with django_capture_on_commit_callbacks(execute=True):  # the provider is asked after the invoice commits
        cycle.run(tenant_a.pk, now=END)
    invoice = Invoice.objects.get(tenant=tenant_a)
    assert (invoice.status, invoice.provider, invoice.paid_at) == (Invoice.Status.PAID, "test", END)
    cycle.run(tenant_a.pk, now=END + timedelta(days=30))
    assert subscription_of(tenant_a).status == Subscription.Status.ACTIVE
