"""Tasks for the real-worker metrics tests; the worker imports this module with `-I`."""

import os
import time

from celery import shared_task


@shared_task(name="tests.observability.pid_after_nap")
def pid_after_nap(seconds: float) -> int:
    time.sleep(seconds)
    return os.getpid()


@shared_task(name="tests.observability.always_fails")
def always_fails() -> None:
    raise ValueError("this task always fails")


@shared_task(bind=True, name="tests.observability.fails_once", max_retries=1)
def fails_once(self) -> str:
    if self.request.retries == 0:
        raise self.retry(countdown=0)
    return "second time lucky"
