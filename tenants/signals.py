"""Signals other apps subscribe to, so tenants never imports the apps above it."""

from django.dispatch import Signal

# Sent inside provision_tenant's transaction, after the tenant, its domain and owner exist:
# kwargs tenant, owner, plan_code. A receiver that raises rolls the whole sign-up back.
# billing subscribes to start the tenant's subscription.
tenant_provisioned = Signal()
