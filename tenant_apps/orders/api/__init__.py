"""The ordering API (mounted by `tenant_apps/orders/urls.py`): `checkout` (quote and place an
order), `customer` (the customer's orders, tracking, slots, saved addresses), `manage` (staff:
orders, transitions, ETA, ordering settings, promo codes), `webhooks` (the payment provider).
Views are thin: validate with a serializer, call one service or selector, serialise."""

TAG = "orders"
STAFF_TAG = "manage-orders"
SETTINGS_TAG = "manage-ordering"
