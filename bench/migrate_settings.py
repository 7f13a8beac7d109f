"""Settings for bench/migrate.py's runs: the development settings, with the orders app's migrations
read from a temporary copy (BENCH_MIGRATIONS_DIR) that holds the benchmark's extra migrations.
Nothing of it is ever committed; the copy lives in a temporary directory."""

import os
import sys

from config.settings.dev import *  # noqa: F403

sys.path.insert(0, os.environ["BENCH_MIGRATIONS_DIR"])
MIGRATION_MODULES = {"orders": "bench_orders_migrations"}
