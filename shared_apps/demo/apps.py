from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo platform of `make run` (`manage.py seed_demo`). It seeds brands through every
    app's own seeder and services, so it sits above them all (docs/architecture.md)."""

    name = "shared_apps.demo"
    label = "demo"
    verbose_name = "Demo data"
