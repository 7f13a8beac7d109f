"""Every field a client writes is bounded: free text has a length limit, dates a range
(shared_apps/core/fields.py). Generated from the OpenAPI documents' request bodies and the
serializers behind them, and from every query-parameter serializer (`…QuerySerializer`), so a
field added later cannot forget it."""

from datetime import date

import pytest
from drf_spectacular.generators import SchemaGenerator
from rest_framework import serializers

from shared_apps.core import fields as core_fields

UNBOUNDED_FORMATS = {"uuid", "date", "date-time", "binary", "email"}


def _serializer_classes() -> dict[str, type]:
    found, todo = {}, [serializers.Serializer]
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        if cls.__module__.startswith(("shared_apps.", "tenant_apps.", "tenants.")):
            found[cls.__name__.removesuffix("Serializer")] = cls
    return found


def _request_components(urlconf: str) -> dict[str, dict]:
    schema = SchemaGenerator(urlconf=urlconf).get_schema(request=None, public=True)
    return {name.removesuffix("Request").removeprefix("Patched"): component for name, component in schema["components"]["schemas"].items()
            if name.endswith("Request")}


def _instance(cls):
    """A serializer to read the fields of (the daily report's query needs the brand's today)."""
    try:
        return cls()
    except TypeError:
        return cls(today=date(2026, 1, 1))


def _field_problems(cls) -> list[str]:
    problems = []
    for name, field in _instance(cls).get_fields().items():
        for label, inner in ((name, field), (f"{name}[]", getattr(field, "child", None))):
            if inner is None or inner.read_only:
                continue
            if isinstance(inner, serializers.CharField) and inner.max_length is None:
                problems.append(f"{cls.__qualname__}.{label}: text without max_length")
            if isinstance(inner, serializers.DateTimeField) and not isinstance(inner, core_fields.DateTimeField):
                problems.append(f"{cls.__qualname__}.{label}: use shared_apps.core.fields.DateTimeField")
            if isinstance(inner, serializers.DateField) and not isinstance(inner, core_fields.DateField):
                problems.append(f"{cls.__qualname__}.{label}: use shared_apps.core.fields.DateField")
    return problems


def _schema_problems(name: str, component: dict) -> list[str]:
    """For request bodies without a serializer class of ours (inline ones): strings need maxLength."""
    problems = []
    for prop, spec in component.get("properties", {}).items():
        if spec.get("type") == "string" and "maxLength" not in spec and "enum" not in spec \
                and spec.get("format") not in UNBOUNDED_FORMATS:
            problems.append(f"{name}.{prop}: string without maxLength")
    return problems


@pytest.mark.django_db
@pytest.mark.parametrize("urlconf", ["config.urls_tenant", "config.urls_public"])
def test_every_field_a_client_sends_has_a_length_limit_or_a_date_range(urlconf):
    components = _request_components(urlconf)
    classes = _serializer_classes()
    assert components
    problems = []
    for name, component in components.items():
        cls = classes.get(name)
        problems += _field_problems(cls) if cls else _schema_problems(name, component)
    assert problems == []


def test_every_query_parameter_serializer_bounds_its_text_and_dates():
    queries = {name: cls for name, cls in _serializer_classes().items() if name.endswith("Query")}
    assert len(queries) >= 8, sorted(queries)
    assert [problem for cls in queries.values() for problem in _field_problems(cls)] == []
