from celery import shared_task

from . import fanout


@shared_task(name="scheduling.tick", acks_late=True, ignore_result=True)
def tick() -> int:
    """Beat's entry, every SCHEDULING_TICK_SECONDS: send the per-tenant jobs that are due.
    A tick that waited longer than its period expires (beat's options): the next one does its work."""
    return fanout.tick()
