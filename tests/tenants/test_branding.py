
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tenants.utils import schema_context

from shared_apps.accounts.models import User
from tenants.models import AuditEvent, Theme
from tenants.services import invalidate_brand_cache

from ..conftest import login
from ..factories import UserFactory, image_bytes


@pytest.fixture(autouse=True)
def _forget_cached_themes(tenant_a, tenant_b):
    """The cache outlives each test's rolled-back transaction: drop what these tests cached."""
    yield
    for tenant in (tenant_a, tenant_b):
        invalidate_brand_cache(tenant)


@pytest.fixture
def after_commit(django_capture_on_commit_callbacks):
    """Tests run in a transaction that never commits; this runs a call's on-commit work (cache
    invalidation, old-logo removal) as a commit would."""
    return django_capture_on_commit_callbacks


@pytest.fixture
def owner_a(client_a):
    client_a.credentials(HTTP_AUTHORIZATION=f"Bearer {login(client_a, 'owner@alpha.test')['access']}")
    return client_a


def test_brand_has_a_default_theme_without_any_setup(client_a):
    body = client_a.get("/api/v1/brand/").json()
    assert body["name"] == "Alpha" and body["logo_url"] is None
    assert body["colors"]["primary"] == Theme.DEFAULT_PRIMARY
    assert body["font"] == "system" and body["accepts_orders"] is True


def test_owner_edits_the_theme_and_the_public_brand_shows_it_at_once(owner_a, client_a, tenant_a, after_commit):
    client_a.get("/api/v1/brand/")  # warm the cache; the change clears it after its commit
    with after_commit(execute=True):
            response = owner_a.patch("/api/v1/manage/brand/", {
            "display_name": "Alpha Kitchen", "primary_color": "#ABC", "accent_color": "#112233",
            "font": "lato", "hero_text": "Hot and fast",
        }, format="json")
    assert response.status_code == 200, response.content
    public = client_a.get("/api/v1/brand/").json()
    assert public["name"] == "Alpha Kitchen"
    assert public["colors"]["primary"] == "#aabbcc" and public["colors"]["accent"] == "#112233"
    assert (public["font"], public["hero_text"]) == ("lato", "Hot and fast")
    event = AuditEvent.objects.get(action="brand.updated", tenant=tenant_a)
    assert set(event.data["changed"]) == {"display_name", "primary_color", "accent_color", "font", "hero_text"}


def test_owner_sets_the_page_colours_and_the_storefront_language(owner_a, client_a, after_commit):
    assert client_a.get("/api/v1/brand/").json()["locale"] == Theme.DEFAULT_LOCALE
    with after_commit(execute=True):
        response = owner_a.patch("/api/v1/manage/brand/", {
            "background_color": "#FFF8E7", "text_color": "#2b1d0e", "locale": "de-DE", "font": "playfair-display",
        }, format="json")
    assert response.status_code == 200, response.content
    public = client_a.get("/api/v1/brand/").json()
    assert (public["colors"]["background"], public["colors"]["text"], public["locale"]) == ("#fff8e7", "#2b1d0e", "de-DE")
    assert public["font_family"] == '"Playfair Display", Georgia, serif'


@pytest.mark.parametrize(("field", "value"), [
    ("primary_color", "red"), ("primary_color", "#12345"), ("accent_color", "#gggggg"), ("font", "comic-sans"),
    ("hero_text", "x" * 281), ("primary_color", None), ("background_color", "white"), ("text_color", "#1234567"),
    ("locale", "german"), ("locale", "xx-DE"), ("locale", "de-XX"), ("locale", "de_DE"),
])
def test_bad_theme_values_are_400_with_field_errors(owner_a, field, value):
    response = owner_a.patch("/api/v1/manage/brand/", {field: value}, format="json")
    assert response.status_code == 400
    assert field in response.json()["fields"]


def test_owner_uploads_a_logo_stored_under_the_tenants_own_folder(owner_a, client_a, tenant_a, after_commit):
    logo = SimpleUploadedFile("logo.png", image_bytes(), content_type="image/png")
    with after_commit(execute=True):
        response = owner_a.patch("/api/v1/manage/brand/", {"logo": logo}, format="multipart")
    assert response.status_code == 200, response.content
    logo_url = client_a.get("/api/v1/brand/").json()["logo_url"]
    assert logo_url.startswith(f"http://alpha.localhost/media/brands/{tenant_a.schema_name}/logo-")
    assert logo_url.endswith(".png")
    served = client_a.get(logo_url.removeprefix("http://alpha.localhost"))
    assert served.status_code == 200
    assert b"".join(served.streaming_content).startswith(b"\x89PNG")


def test_a_brands_logo_is_not_served_on_another_brands_host(owner_a, client_a, client_b, after_commit):
    with after_commit(execute=True):
        owner_a.patch("/api/v1/manage/brand/", {"logo": SimpleUploadedFile("l.png", image_bytes())}, format="multipart")
    path = client_a.get("/api/v1/brand/").json()["logo_url"].removeprefix("http://alpha.localhost")
    assert client_b.get(path).status_code == 404


def test_logo_type_comes_from_the_bytes_not_the_name(owner_a, after_commit):
    jpeg_named_png = SimpleUploadedFile("logo.png", image_bytes(image_format="JPEG"), content_type="image/png")
    with after_commit(execute=True):
        owner_a.patch("/api/v1/manage/brand/", {"logo": jpeg_named_png}, format="multipart")
    assert owner_a.get("/api/v1/brand/").json()["logo_url"].endswith(".jpg")


@pytest.mark.parametrize(("name", "content"), [
    ("logo.png", b"not an image at all"),
    ("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
    ("logo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64),
])
def test_files_that_are_not_allowed_images_are_refused(owner_a, name, content):
    response = owner_a.patch("/api/v1/manage/brand/", {"logo": SimpleUploadedFile(name, content)}, format="multipart")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_logo"


def test_a_logo_over_the_size_limit_is_refused(owner_a, settings):
    settings.BRAND_LOGO_MAX_BYTES = 100
    response = owner_a.patch("/api/v1/manage/brand/", {"logo": SimpleUploadedFile("l.png", image_bytes())}, format="multipart")
    assert response.status_code == 400 and response.json()["code"] == "invalid_logo"


def test_owner_removes_the_logo_and_its_file_with_null(owner_a, tenant_a, after_commit, tmp_path):
    with after_commit(execute=True):
        owner_a.patch("/api/v1/manage/brand/", {"logo": SimpleUploadedFile("l.png", image_bytes())}, format="multipart")
    stored = list((tmp_path / "brands" / tenant_a.schema_name).iterdir())
    assert len(stored) == 1
    with after_commit(execute=True):
        owner_a.patch("/api/v1/manage/brand/", {"logo": None}, format="json")
    assert not stored[0].exists()
    assert owner_a.get("/api/v1/brand/").json()["logo_url"] is None


def test_staff_who_are_not_the_owner_cannot_edit_the_brand(client_a, tenant_a):
    with schema_context(tenant_a.schema_name):
        UserFactory(email="kitchen@alpha.test", role=User.Role.KITCHEN)
    client_a.credentials(HTTP_AUTHORIZATION=f"Bearer {login(client_a, 'kitchen@alpha.test')['access']}")
    assert client_a.patch("/api/v1/manage/brand/", {"hero_text": "x"}, format="json").status_code == 403


def test_another_brands_owner_cannot_edit_this_brand(client_a, client_b):
    foreign = login(client_b, "owner@bravo.test")["access"]
    response = client_a.patch("/api/v1/manage/brand/", {"hero_text": "x"}, format="json",
                              HTTP_AUTHORIZATION=f"Bearer {foreign}")
    assert response.status_code == 401


def test_one_brands_theme_never_shows_on_another(owner_a, client_b):
    owner_a.patch("/api/v1/manage/brand/", {"display_name": "Only Alpha"}, format="json")
    assert client_b.get("/api/v1/brand/").json()["name"] == "Bravo"


def test_a_change_that_changes_nothing_is_not_audited(owner_a, tenant_a):
    assert owner_a.patch("/api/v1/manage/brand/", {"font": "system"}, format="json").status_code == 200
    assert not AuditEvent.objects.filter(action="brand.updated", tenant=tenant_a).exists()
