"""The columns of the venues app's downloads (see docs/exports.md).

Venues and their licences are business records, not personal data; owners'
and managers' names and phones go only to users who may see every venue.
"""

from django.utils.translation import gettext as _

from cases.exports import label
from core.lists.csv_export import Column, Kind
from core.models import User
from venues.models import InspectionOutcome, LicenseStatus, Purpose, VenueKind


def venue_columns(user: User) -> list[Column]:
    contact = []
    if user.has_perm("venues.view_all_venues"):
        contact = [
            Column(_("owner"), "owner_name"),
            Column(_("owner's phone"), "owner_phone", kind=Kind.CODE),
            Column(_("manager"), "manager_name"),
            Column(_("manager's phone"), "manager_phone", kind=Kind.CODE),
        ]
    return [
        Column(_("venue id"), "id", kind=Kind.NUMBER),
        Column(_("name"), "name", width=30),
        Column(_("kind"), "kind", label(VenueKind)),
        Column(_("street address"), "address", width=40),
        Column(_("district"), "district__name"),
        Column(_("village"), "village__name"),
        *contact,
        Column(_("number of karaoke booths"), "booth_count", kind=Kind.NUMBER),
        Column(_("private rooms dismantled on (declared)"), "private_rooms_dismantled_on", kind=Kind.DATE),
        Column(_("inspection team"), "team__name"),
        Column(_("licence number"), "license_number", kind=Kind.CODE),
        Column(_("licence status"), "license_status_stored", label(LicenseStatus)),
        Column(_("expires on"), "license_expires_on", kind=Kind.DATE),
        Column(_("last inspection"), "last_inspected_at", kind=Kind.DATETIME),
    ]


def inspection_columns(user: User) -> list[Column]:
    return [
        Column(_("inspection id"), "id", kind=Kind.NUMBER),
        Column(_("date and time"), "inspected_at", kind=Kind.DATETIME),
        Column(_("venue id"), "venue_id", kind=Kind.NUMBER),
        Column(_("venue"), "venue__name", width=30),
        Column(_("district"), "venue__district__name"),
        Column(_("team"), "team__name"),
        Column(_("purpose"), "purpose", label(Purpose)),
        Column(_("the venue was operating"), "venue_operating", kind=Kind.NUMBER),
        Column(_("private rooms present (not only booths)"), "private_rooms_present", kind=Kind.NUMBER),
        Column(_("signs of prostitution"), "prostitution_signs", kind=Kind.NUMBER),
        Column(_("minors present"), "minors_present", kind=Kind.NUMBER),
        Column(_("opening hours kept"), "opening_hours_kept", kind=Kind.NUMBER),
        Column(_("licence displayed"), "license_displayed", kind=Kind.NUMBER),
        Column(_("other findings"), "other_findings", width=40),
        Column(_("findings"), "findings", width=50),
        Column(_("outcome"), "outcome", label(InspectionOutcome)),
    ]
