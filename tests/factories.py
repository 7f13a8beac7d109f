import io

import factory
from PIL import Image

from shared_apps.accounts.models import User

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    """A user in the current schema (wrap in tenant_context to make one in a brand)."""

    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"user{n}@example.test")
    name = factory.Faker("name")
    role = User.Role.CUSTOMER
    password = factory.django.Password(PASSWORD)


def image_bytes(size=(64, 32), image_format="PNG") -> bytes:
    """A real image, drawn by Pillow."""
    buffer = io.BytesIO()
    Image.new("RGB", size, "#336699").save(buffer, format=image_format)
    return buffer.getvalue()
