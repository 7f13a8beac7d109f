"""Settings of the menu benchmark's server: development settings (DEBUG off) plus one trivial
DRF endpoint, /bench/trivial/, that exists only here — the floor the cached menu is compared to."""

from config.settings.dev import *  # noqa: F403

ROOT_URLCONF = "menu_urls"
