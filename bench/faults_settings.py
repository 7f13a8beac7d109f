"""Settings of the fault benchmark's processes (bench/faults.py): development settings, with the
e-mails written as files into BENCH_MAIL_DIR, where the benchmark counts them."""

import os

from config.settings.dev import *  # noqa: F403

EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = os.environ["BENCH_MAIL_DIR"]
