from django.test import override_settings


def test_healthz_answers_on_every_host(platform_client, client_a):
    for client in (platform_client, client_a):
        assert client.get("/healthz").json() == {"status": "ok"}


def test_readyz_reports_postgres_and_redis(platform_client):
    response = platform_client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["checks"] == {"postgres": "ok", "redis": "ok"}


def test_readyz_is_503_naming_redis_when_redis_is_down(platform_client):
    with override_settings(REDIS_URL="redis://127.0.0.1:1/0"):
        response = platform_client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["code"] == "dependency_down"
    assert response.json()["down"] == ["redis"]
