"""Ordering's domain errors, each with a stable code (mapped to HTTP once, in shared_apps.core)."""

from rest_framework import status

from shared_apps.core.errors import DomainError


class OrderNotFound(DomainError):
    code = "not_found"
    status_code = status.HTTP_404_NOT_FOUND
    detail = "No such order."


class IllegalTransition(DomainError):
    code = "illegal_transition"
    status_code = status.HTTP_409_CONFLICT
    detail = "The order cannot move to that status from where it is."


class TransitionForbidden(DomainError):
    code = "transition_forbidden"
    status_code = status.HTTP_403_FORBIDDEN
    detail = "Your role may not make that move."


class ReasonRequired(DomainError):
    code = "reason_required"
    detail = "Say why the order is cancelled or rejected."


class OrderClosed(DomainError):
    code = "order_closed"
    status_code = status.HTTP_409_CONFLICT
    detail = "The order is closed; its times can no longer change."


class EtaForbidden(DomainError):
    code = "eta_forbidden"
    status_code = status.HTTP_403_FORBIDDEN
    detail = "Only the kitchen, managers and owners change an order's estimated times."


class EtaNotApplicable(DomainError):
    code = "eta_not_applicable"
    status_code = status.HTTP_409_CONFLICT
    detail = "That estimate does not apply to this order now."


class EtaInPast(DomainError):
    code = "eta_in_past"
    detail = "An estimated time must be in the future."


class EtaInvalid(DomainError):
    code = "invalid_eta"
    detail = "The order cannot be delivered before it is ready."


class QuoteError(DomainError):
    """A cart that cannot be priced; `fields` names the lines (`items.<n>`) and what is wrong."""

    code = "invalid_cart"
    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY


class ItemUnavailable(QuoteError):
    code = "item_unavailable"
    detail = "An item in the cart cannot be ordered right now."


class ModifierInvalid(QuoteError):
    code = "modifier_invalid"
    detail = "A modifier choice is invalid."


class OutsideDeliveryZone(QuoteError):
    code = "outside_delivery_zone"
    detail = "The address is outside the delivery area."


class BelowMinimum(QuoteError):
    code = "below_minimum"
    detail = "The order is below the minimum for delivery to this address."


class LocationClosed(QuoteError):
    code = "location_closed"
    detail = "The location is not taking orders for that time."


class FulfillmentUnavailable(QuoteError):
    code = "fulfillment_unavailable"
    detail = "The location does not offer that fulfilment."


class PromoInvalid(QuoteError):
    code = "promo_invalid"
    detail = "The promo code cannot be used for this order."


class SlotFull(DomainError):
    code = "slot_full"
    status_code = status.HTTP_409_CONFLICT
    detail = "That time slot is fully booked; choose another."


class SlotInvalid(QuoteError):
    code = "slot_invalid"
    detail = "That time is not an available slot."


class IdempotencyKeyRequired(DomainError):
    code = "idempotency_key_required"
    detail = "Send an Idempotency-Key header (a fresh random value per order, reused on retries)."


class IdempotencyMismatch(DomainError):
    code = "idempotency_mismatch"
    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    detail = "This Idempotency-Key was used with a different request."


class IdempotencyInProgress(DomainError):
    code = "idempotency_in_progress"
    status_code = status.HTTP_409_CONFLICT
    detail = "A request with this Idempotency-Key is still being processed; retry shortly."


class PaymentFailed(DomainError):
    code = "payment_failed"
    status_code = status.HTTP_402_PAYMENT_REQUIRED
    detail = "The payment was declined; the order was not placed."


class InvalidWebhookSignature(DomainError):
    code = "invalid_signature"
    status_code = status.HTTP_400_BAD_REQUEST
    detail = "The webhook signature is missing, stale or wrong."


class AddressNotFound(DomainError):
    code = "not_found"
    status_code = status.HTTP_404_NOT_FOUND
    detail = "No such address."


class UnknownSavedAddress(DomainError):
    code = "unknown_address"
    status_code = status.HTTP_400_BAD_REQUEST
    detail = "No saved address of yours has that id."


class SavedAddressNeedsSignIn(DomainError):
    # DRF's own code for "sign in first", so clients handle it like any other 401.
    code = "not_authenticated"
    status_code = status.HTTP_401_UNAUTHORIZED
    detail = "Sign in to use a saved address, or give the address itself."


class TooManyAddresses(DomainError):
    code = "too_many_addresses"
    status_code = status.HTTP_409_CONFLICT
    detail = "Delete an address before saving another (at most 20)."


class PromoCodeTaken(DomainError):
    code = "promo_code_taken"
    status_code = status.HTTP_409_CONFLICT
    detail = "A promo code with that name exists."
