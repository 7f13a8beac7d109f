"""The public schema's own row and the template schema new tenants are made from.

The template row is inserted here and its schema created empty; `migrate_schemas` then migrates
it in its tenant phase, like every tenant (it lists tenant rows after migrating `public`). From
then on every deploy's `migrate_schemas` keeps it current (pitfall 8).
"""

from django.conf import settings
from django.db import migrations


def create_rows(apps, schema_editor):
    Tenant = apps.get_model("tenants", "Tenant")
    template = settings.TENANT_TEMPLATE_SCHEMA
    Tenant.objects.get_or_create(schema_name="public", defaults={"kind": "platform", "name": "Brigade"})
    schema_editor.execute(f'CREATE SCHEMA IF NOT EXISTS "{template}"')
    Tenant.objects.get_or_create(schema_name=template, defaults={"kind": "template", "name": "Template"})


def drop_rows(apps, schema_editor):
    Tenant = apps.get_model("tenants", "Tenant")
    Tenant.objects.filter(kind__in=["platform", "template"]).delete()
    schema_editor.execute(f'DROP SCHEMA IF EXISTS "{settings.TENANT_TEMPLATE_SCHEMA}" CASCADE')


class Migration(migrations.Migration):
    dependencies = [("tenants", "0001_initial")]
    operations = [migrations.RunPython(create_rows, drop_rows)]
