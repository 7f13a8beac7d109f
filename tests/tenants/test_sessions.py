"""Django sessions (the admin's) are read from Redis and written through to the brand's own table;
a session key of one brand is nothing on another (cache keys and tables are per schema)."""

from django.conf import settings
from django.contrib.sessions.backends.cached_db import SessionStore
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django_tenants.utils import tenant_context


def test_a_session_is_cached_in_redis_and_stored_in_its_brands_schema_only(tenant_a, tenant_b):
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.cached_db"
    with tenant_context(tenant_a):
        session = SessionStore()
        session["who"] = "alpha staff"
        session.save()
        key = session.session_key
        assert cache.get(session.cache_key) == {"who": "alpha staff"}
        assert Session.objects.filter(session_key=key).exists()
    with tenant_context(tenant_b):
        assert SessionStore(session_key=key).load() == {}
        assert cache.get(SessionStore(session_key=key).cache_key) is None
        assert not Session.objects.filter(session_key=key).exists()
