"""Whether the current tenant schema has every migration this code expects.

django-tenants migrates schemas one after the other; a job that reaches a brand whose schema is
still behind (tenant-schemas-celery #75) would fail on a missing column, or worse, half-work.
"""

from functools import cache

from django.apps import apps
from django.conf import settings
from django.db import connection
from django.db.migrations.loader import MigrationLoader


@cache
def expected_tenant_migrations() -> tuple[str, ...]:
    """The latest migration of every tenant app, as "app.name" (read from disk once per process)."""
    labels = {config.label for config in apps.get_app_configs() if config.name in settings.TENANT_APPS}
    graph = MigrationLoader(None, ignore_no_migrations=True).graph
    return tuple(sorted(f"{app}.{name}" for app, name in graph.leaf_nodes() if app in labels))


def migrations_current() -> bool:
    """True when the current schema has applied all of `expected_tenant_migrations()`."""
    expected = expected_tenant_migrations()
    with connection.cursor() as cursor:
        # The schema's own django_migrations: search_path puts it before public's.
        cursor.execute("SELECT count(*) FROM django_migrations WHERE app || '.' || name = ANY(%s)", [list(expected)])
        return cursor.fetchone()[0] == len(expected)
