"""Django's own messages that its Indonesian catalog does not translate yet
(Django 6.1): listed here so that `make messages` puts them in locale/, which
LOCALE_PATHS reads before Django's catalogs."""

from django.utils.translation import gettext_noop

MISSING_IN_DJANGO_ID = [
    gettext_noop("- Select an option -"),  # django.db.models.fields.BLANK_CHOICE_LABEL
]
