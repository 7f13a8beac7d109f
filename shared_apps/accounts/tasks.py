from celery import shared_task

from . import password_reset


@shared_task(name="accounts.send_password_reset", acks_late=True, ignore_result=True)
def send_password_reset(email: str, page_url: str) -> bool:
    """Runs in the schema it was sent from (the brand's, or public for platform admins): the
    lookup happens here, so the request's answer and timing say nothing about the address."""
    return password_reset.send_reset_email(email, page_url=page_url)
