"""A small programme whose figures for October 2026 are counted by hand in the tests.

Dates sit on the month's edges in Asia/Jakarta: a participant registered at
23:30 WIB on 31 October counts for October, one at 00:30 WIB on 1 November
for November.
"""

import datetime
import zoneinfo

from cases import services
from cases.models import (
    Agency,
    Arrangement,
    Channel,
    Commitment,
    FollowUp,
    HomeReturn,
    Outcome,
    Participant,
    Referral,
    ReferralStatus,
    TravelMode,
)
from core.models import Regency
from core.reports import Period
from tests.factories import make_case, make_participant

WIB = zoneinfo.ZoneInfo("Asia/Jakarta")
OCTOBER = Period(datetime.date(2026, 10, 1), datetime.date(2026, 10, 31))
NOVEMBER = Period(datetime.date(2026, 11, 1), datetime.date(2026, 11, 30))


def _registered_at(participant: Participant, *args: int) -> Participant:
    Participant.objects.filter(pk=participant.pk).update(created_at=datetime.datetime(*args, tzinfo=WIB))
    return participant


def _return(worker, case, *, arrangement, mode, departed, arrived=None) -> HomeReturn:
    return services.home_return_record(
        actor=worker,
        home_return=HomeReturn(
            case=case,
            arrangement=arrangement,
            declined_reason="Tiket sendiri." if arrangement == Arrangement.SELF_FUNDED else "",
            destination_regency=case.participant.origin_regency or Regency.objects.get(code="62.71"),
            travel_mode=mode,
            departed_on=departed,
            arrived_on=arrived,
        ),
    )


def _contact(worker, follow_up: FollowUp, done_on: datetime.date, outcome: str = Outcome.REACHED) -> None:
    follow_up.done_on, follow_up.channel, follow_up.outcome = done_on, Channel.PHONE, outcome
    services.follow_up_record(actor=worker, follow_up=follow_up)


def _referral(worker, case, agency: str, sent_on: datetime.date, status: str = ReferralStatus.SENT) -> Referral:
    referral = services.referral_send(
        actor=worker,
        referral=Referral(
            case=case, agency=agency, reason="Pendampingan.", shares_personal_data=False, sent_on=sent_on
        ),
    )
    Referral.objects.filter(pk=referral.pk).update(status=status)
    return referral


def build(worker, worker2) -> dict:
    date = datetime.date
    jatim, kalteng = Regency.objects.get(code="35.07"), Regency.objects.get(code="62.71")
    p1 = _registered_at(make_participant(worker, origin_regency=jatim), 2026, 10, 31, 23, 30)  # October
    p2 = _registered_at(make_participant(worker, origin_regency=kalteng), 2026, 11, 1, 0, 30)  # November
    p3 = _registered_at(make_participant(worker, origin_regency=jatim), 2026, 10, 1, 0, 30)  # October
    p4 = _registered_at(make_participant(worker, origin_regency=None), 2026, 9, 30, 23, 30)  # September
    p5 = _registered_at(make_participant(worker, origin_regency=None), 2026, 10, 15, 12, 0)  # October

    c1 = make_case(worker, p1, opened_on=date(2026, 10, 31))
    c2 = make_case(worker2, p3, opened_on=date(2026, 11, 1))
    c3 = make_case(worker, p5, opened_on=date(2026, 10, 10))
    c4 = make_case(worker, p4, opened_on=date(2026, 9, 20))
    make_case(worker, p2, opened_on=date(2026, 11, 2))  # November only

    # Departures: c1 on 5 Oct (follow-ups 12 Oct, 4 Nov, 3 Jan), c2 on 31 Oct
    # (7 Nov, 30 Nov, 29 Jan), c4 on 24 Sep (1 Oct, 24 Oct, 23 Dec).
    _return(worker, c1, arrangement=Arrangement.FACILITATED, mode=TravelMode.SEA, departed=date(2026, 10, 5),
            arrived=date(2026, 10, 7))  # fmt: skip
    _return(worker2, c2, arrangement=Arrangement.SELF_FUNDED, mode=TravelMode.AIR, departed=date(2026, 10, 31),
            arrived=date(2026, 11, 1))  # fmt: skip
    _return(worker, c4, arrangement=Arrangement.FACILITATED, mode=TravelMode.LAND, departed=date(2026, 9, 24),
            arrived=date(2026, 9, 30))  # fmt: skip
    _contact(worker, c1.follow_ups.get(due_on=date(2026, 10, 12)), date(2026, 10, 12))  # on time, day 7
    _contact(worker, c4.follow_ups.get(due_on=date(2026, 10, 1)), date(2026, 10, 3))  # late, day 7
    # c4's 24 October follow-up is never done: overdue.
    _contact(worker2, c2.follow_ups.get(due_on=date(2026, 11, 7)), date(2026, 11, 7), Outcome.UNREACHABLE)

    for case, signed_on in ((c1, date(2026, 10, 31)), (c2, date(2026, 11, 1))):
        services.commitment_record(actor=worker, commitment=Commitment(case=case, signed_on=signed_on))

    _referral(worker, c1, Agency.ORIGIN_SOCIAL_OFFICE, date(2026, 10, 20))
    _referral(worker, c4, Agency.HEALTH, date(2026, 10, 31), ReferralStatus.ANSWERED)
    _referral(worker2, c2, Agency.POLICE, date(2026, 11, 1))
    return {"cases": [c1, c2, c3, c4]}


# What October 2026 shows, counted by hand from build().
OCTOBER_FIGURES = {
    "cases.opened": 2,  # c1 (31 Oct), c3 (10 Oct)
    "cases.commitments": 1,  # c1's (31 Oct)
    "cases.returns": 2,  # c1 (5 Oct), c2 (31 Oct)
    "cases.returns.arrangement.facilitated": 1,
    "cases.returns.arrangement.self_funded": 1,
    "cases.returns.mode.land": 0,  # c4 left in September
    "cases.returns.mode.sea": 1,
    "cases.returns.mode.air": 1,
    "cases.arrivals": 1,  # c1 (7 Oct); c2 arrived 1 Nov, c4 30 Sep
    "cases.follow_ups.due": 3,  # c1 12 Oct, c4 1 Oct and 24 Oct
    "cases.follow_ups.on_time": 1,
    "cases.follow_ups.late": 1,
    "cases.follow_ups.overdue": 1,
    "cases.reached.7": 2,
    "cases.reached.30": 0,
    "cases.reached.90": 0,
    "cases.referrals": 2,
    "cases.referrals.agency.origin_social_office": 1,
    "cases.referrals.agency.health": 1,
    "cases.referrals.agency.police": 0,
    "cases.referrals.status.sent": 1,
    "cases.referrals.status.answered": 1,
    "cases.referrals.overdue": 2,  # today: c1's (20 Oct) and c2's (1 Nov) still await a reply
    "cases.participants": 3,  # p1 (31 Oct 23:30 WIB), p3 (1 Oct 00:30 WIB), p5
    "cases.participants.province.35": 2,
    "cases.participants.province.unknown": 1,
    "cases.open": 5,  # every case, today
    "cases.open.caseworker.caseworker": 4,
    "cases.open.caseworker.caseworker2": 1,
}

NOVEMBER_FIGURES = {
    "cases.opened": 2,  # c2 (1 Nov), the fifth case (2 Nov)
    "cases.commitments": 1,
    "cases.returns": 0,
    "cases.arrivals": 1,  # c2 (1 Nov)
    "cases.follow_ups.due": 3,  # c1 4 Nov, c2 7 Nov and 30 Nov
    "cases.follow_ups.on_time": 1,  # c2 7 Nov (unreachable: done, not reached)
    "cases.reached.7": 0,
    "cases.referrals": 1,
    "cases.referrals.agency.police": 1,
    "cases.participants": 1,  # p2 (1 Nov 00:30 WIB)
    "cases.participants.province.62": 1,
}
