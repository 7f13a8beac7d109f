"""A customer's own data (GDPR articles 15, 17 and 20), per brand: download it, erase the account.

The account lives in the brand's schema, so each brand is asked separately; nothing here crosses
schemas. Erasure keeps the brand's records of sale — orders, their lines, amounts, taxes,
payments and events — because the brand must keep them for its accounting, and replaces the
person in them by a tombstone: the same user row (so a customer's orders still belong together,
and per-customer promo limits still count), with every personal field emptied, an address under
the reserved `.invalid` domain, no usable password and no sessions. Both are audited in the
platform's audit trail by the account's id only: the entry must not keep what was erased.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken

from shared_apps.accounts import signin_limit
from shared_apps.accounts.models import User
from tenant_apps.orders.models import IdempotencyKey, Order, OrderLine, SavedAddress
from tenant_apps.orders.states import CLOSED_STATUSES
from tenants import audit
from tenants.audit import Actor
from tenants.models import Tenant

from .errors import OpenOrders, PasswordIncorrect

TOMBSTONE_DOMAIN = "deleted.invalid"  # RFC 2606: never a real mailbox


def tombstone_email(user: User) -> str:
    return f"deleted-{user.pk.hex}@{TOMBSTONE_DOMAIN}"


def is_tombstone(user: User) -> bool:
    return user.email.endswith("@" + TOMBSTONE_DOMAIN)


@dataclass(frozen=True)
class CustomerData:
    user: User
    addresses: list[SavedAddress]
    orders: list[Order]
    exported_at: object


def _private(actor: Actor, user: User) -> Actor:
    """The actor as the audit trail keeps it: the account's id and the address, no e-mail."""
    return Actor(user_id=str(user.pk), email="", schema=actor.schema, ip=actor.ip, impersonated_by=actor.impersonated_by)


def export_customer_data(user: User, *, tenant: Tenant, by: Actor) -> CustomerData:
    """Everything this brand holds about `user`: the account, saved addresses, and orders with their
    lines, payment and events. Audited as `customer.data_exported`."""
    orders = list(Order.objects.filter(customer=user).select_related("payment")
                  .prefetch_related("lines", "events").order_by("created"))
    data = CustomerData(user=user, addresses=list(SavedAddress.objects.filter(customer=user).order_by("created")),
                        orders=orders, exported_at=timezone.now())
    with transaction.atomic():
        audit.record("customer.data_exported", by=_private(by, user), tenant=tenant, target=f"user:{user.pk}",
                     data={"orders": len(orders), "addresses": len(data.addresses)})
    return data


def erase_customer(user: User, *, password: str, tenant: Tenant, by: Actor) -> User:
    """Delete the customer's account: personal data erased, orders kept with a tombstone in place of
    the person. The password is asked again (a stolen access token alone cannot erase an account)
    and counts toward the account's sign-in delay. Refused while an order is still open (the
    kitchen or courier may need the contact). One transaction: all of it, or nothing."""
    signin_limit.claim_attempt(user.email)
    if not user.check_password(password):
        raise PasswordIncorrect(fields={"password": [PasswordIncorrect.detail]})
    signin_limit.succeeded(user.email)
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        orders = Order.objects.filter(customer=user)
        still_open = [str(pk) for pk in orders.exclude(status__in=CLOSED_STATUSES).values_list("pk", flat=True)]
        if still_open:
            raise OpenOrders(extra={"orders": still_open})
        email = tombstone_email(user)
        kept = orders.update(contact_name="", contact_email=email, contact_phone="", delivery_address=None, note="")
        OrderLine.objects.filter(order__customer=user).exclude(note="").update(note="")
        addresses, _ = SavedAddress.objects.filter(customer=user).delete()
        # Stored checkout responses repeat the contact details; a replay window of 48 h is not worth keeping them.
        IdempotencyKey.objects.filter(scope=f"user:{user.pk}").delete()
        outstanding = OutstandingToken.objects.filter(user=user, blacklistedtoken__isnull=True)
        BlacklistedToken.objects.bulk_create([BlacklistedToken(token=row) for row in outstanding], ignore_conflicts=True)
        user.email, user.name, user.is_active, user.last_login = email, "", False, None
        user.set_unusable_password()
        user.save(update_fields=["email", "name", "is_active", "last_login", "password"])
        audit.record("customer.erased", by=_private(by, user), tenant=tenant, target=f"user:{user.pk}",
                     data={"orders_kept": kept, "addresses_deleted": addresses})
    return user
