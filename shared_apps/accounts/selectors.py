from collections.abc import Sequence

from shared_apps.core.db import select_over_schemas

from .models import User


def first_owner() -> User | None:
    """The current schema's first active owner: whom a brand's hand-over and impersonation name."""
    return User.objects.filter(role=User.Role.OWNER, is_active=True).order_by("date_joined").first()


def schemas_with_staff(schemas: Sequence[str], *, email: str = "", email_contains: str = "",
                       roles: Sequence[str] = User.STAFF_ROLES) -> set[str]:
    """Which of `schemas` have an active user with one of `roles` and this e-mail (exact, as stored:
    lower case) or an e-mail containing `email_contains` (case-insensitive). One statement."""
    if email:
        condition, value = "email = %s", email.strip().lower()
    else:
        condition, value = "email ILIKE %s", f"%{_like_escaped(email_contains)}%"
    sql = (f"SELECT 1 AS found FROM {{schema}}.{User._meta.db_table} "
           f"WHERE {condition} AND is_active AND role = ANY(%s) LIMIT 1")
    return {row["schema_name"] for row in select_over_schemas(schemas, sql, [value, list(roles)])}


def _like_escaped(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
