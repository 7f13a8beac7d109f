from celery import shared_task

from . import signin


@shared_task(name="onboarding.send_signin_links", acks_late=True, ignore_result=True)
def send_signin_links(email: str) -> int:
    """Runs in the public schema: it reads every brand's schema itself (onboarding/signin.py)."""
    return signin.send_signin_links(email)
