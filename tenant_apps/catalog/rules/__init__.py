"""The catalog's rules as pure functions: opening hours and schedules (`rules.hours`), delivery
zones' geometry (`rules.zones`), modifier choices (`rules.modifiers`). This package re-exports
them, so `from tenant_apps.catalog import rules; rules.Hours(...)` reads as before.

Nothing here touches Django or the database, so ordering (pricing, checkout) and the tests can
use the same rules on plain data. Invalid input raises `RuleError` with per-field messages; the
services turn it into a `DomainError`.
"""

from .base import *  # noqa: F403
from .hours import *  # noqa: F403
from .hours import _zone  # noqa: F401  slots and tests build clocks in a location's zone with it
from .modifiers import *  # noqa: F403
from .zones import *  # noqa: F403
