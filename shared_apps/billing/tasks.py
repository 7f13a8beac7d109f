from celery import shared_task

from . import services


@shared_task(name="billing.tasks.advance_subscriptions", acks_late=True, ignore_result=True)
def advance_subscriptions() -> dict[str, int]:
    """Convert ended trials and start new periods. Runs in the public schema (subscriptions live
    there); idempotent, so a retried or doubled run changes nothing twice."""
    return services.advance_subscriptions()
