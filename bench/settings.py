"""The production settings plus the bench-only URLconf (which adds the bare view).

Used only by bench/run.py: DJANGO_SETTINGS_MODULE=bench.settings. Nothing else
changes, so every page is measured with the real middleware stack, templates,
sessions and security settings as read from the environment.
"""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
