from django_tenants.utils import schema_context

from shared_apps.demo.seed import seed_demo
from tenant_apps.orders.models import Order, OrderEvent
from tenant_apps.orders.states import CLOSED_STATUSES
from tenants.models import Tenant


def test_seed_demo_gives_open_brands_past_and_open_orders_with_events(db, eager_celery):
    seed_demo()
    for slug in ("burger", "sushi"):
        with schema_context(Tenant.objects.get(slug=slug).schema_name):
            orders = Order.objects.all()
            assert orders.filter(status__in=CLOSED_STATUSES).count() >= 5
            assert orders.exclude(status__in=CLOSED_STATUSES).count() >= 3
            assert OrderEvent.objects.count() > orders.count()
            assert OrderEvent.objects.filter(kind=OrderEvent.Kind.ETA_CHANGED).exists()
    with schema_context(Tenant.objects.get(slug="pizza").schema_name):
        assert not Order.objects.exists()  # suspended: takes no orders


def test_seed_demo_twice_places_no_second_set_of_orders(db, eager_celery):
    seed_demo()
    tenant = Tenant.objects.get(slug="burger")
    with schema_context(tenant.schema_name):
        count = Order.objects.count()
    seed_demo()
    with schema_context(tenant.schema_name):
        assert Order.objects.count() == count
