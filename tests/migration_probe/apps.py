from django.apps import AppConfig


class MigrationProbeConfig(AppConfig):
    """A tenant app that exists only in tests, to prove a migration reaches every kind of schema."""

    name = "tests.migration_probe"
    label = "migration_probe"
