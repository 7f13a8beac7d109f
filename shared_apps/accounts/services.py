from django.contrib.auth import password_validation
from django.db import IntegrityError, transaction

from .errors import EmailTaken
from .models import User


def register_customer(email: str, password: str, *, name: str = "") -> User:
    """Create a customer in the current brand's schema. The password must pass Django's validators."""
    email = email.strip().lower()
    password_validation.validate_password(password, User(email=email, name=name))
    if User.objects.filter(email=email).exists():
        raise EmailTaken(fields={"email": [EmailTaken.detail]})
    try:
        with transaction.atomic():
            return User.objects.create_user(email, password, name=name, role=User.Role.CUSTOMER)
    except IntegrityError:  # the same e-mail registered concurrently
        raise EmailTaken(fields={"email": [EmailTaken.detail]}) from None
