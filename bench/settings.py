"""The production settings plus the bench-only URLconf (which adds the bare view).

Used only by bench/run.py: DJANGO_SETTINGS_MODULE=bench.settings. Nothing else
changes, so every page is measured with the real middleware stack, templates,
sessions and security settings as read from the environment.

For experiments only: BENCH_TEMPLATE_DIRS (paths separated by ":") puts template
folders in front of the project's, e.g. to measure a page without its filter
form. bench/run.py never sets it; results measured with it are not the app's.
"""

import os

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"

if os.environ.get("BENCH_TEMPLATE_DIRS"):
    TEMPLATES[0]["DIRS"] = [*os.environ["BENCH_TEMPLATE_DIRS"].split(":"), *TEMPLATES[0]["DIRS"]]  # noqa: F405
