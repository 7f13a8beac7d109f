from django.db import migrations, models


class Migration(migrations.Migration):
    """A change of a table, not of the set of models: migrate_tenants applies it on its fast path."""

    dependencies = [("migration_probe", "0001_initial")]
    operations = [
        migrations.AddField("probe", "size", models.IntegerField(null=True)),
        migrations.AddIndex("probe", models.Index(fields=["size"], name="probe_size_idx")),
    ]
