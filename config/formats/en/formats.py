# English UI, Indonesian conventions: same day-first dates and numbers as `id`.
from config.formats.id.formats import *  # noqa: F403
