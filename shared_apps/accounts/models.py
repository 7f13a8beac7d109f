import uuid

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email, password=None, **fields):
        if not email:
            raise ValueError("A user needs an e-mail address.")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **fields):
        fields.update(is_staff=True, is_superuser=True, role=User.Role.PLATFORM_ADMIN)
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person in one schema: a platform admin in `public`, a brand's staff or customer in its own.

    The primary key is a UUID so an id from one schema never names a user in another
    (ARCHITECTURE.md pitfall 3); tokens additionally carry their schema.
    """

    class Role(models.TextChoices):
        OWNER = "owner"
        MANAGER = "manager"
        KITCHEN = "kitchen"
        COURIER = "courier"
        CUSTOMER = "customer"
        PLATFORM_ADMIN = "platform_admin"

    STAFF_ROLES = (Role.OWNER, Role.MANAGER, Role.KITCHEN, Role.COURIER)

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    email = models.EmailField(unique=True)
    name = models.CharField(max_length=150, blank=True)
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.CUSTOMER)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False, help_text="Platform admin: may use the platform API and Django admin.")
    date_joined = models.DateTimeField(auto_now_add=True)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        ordering = ["date_joined"]

    def __str__(self):
        return self.email
