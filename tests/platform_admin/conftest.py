import pytest

from ..conftest import client_for, login


@pytest.fixture
def admin_client(platform_admin):
    client = client_for("localhost")
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {login(client, platform_admin.email)['access']}")
    return client
