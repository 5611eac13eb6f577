"""The local-time strip and the scheduling assistant (pure functions, no database)."""

from datetime import UTC, date, datetime, time, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

import holidays
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cadec.core.errors import DomainError
from cadec.programme import scheduling
from cadec.programme.scheduling import Member, WorkingHours

# The eleven participating members of 2020, with their zones as in members.Country.time_zones.
MEMBERS_2020 = [
    Member("BN", "Brunei Darussalam", ("Asia/Brunei",)),
    Member("KH", "Cambodia", ("Asia/Phnom_Penh",)),
    Member("ID", "Indonesia", ("Asia/Jakarta", "Asia/Pontianak", "Asia/Makassar", "Asia/Jayapura")),
    Member("LA", "Lao PDR", ("Asia/Vientiane",)),
    Member("MY", "Malaysia", ("Asia/Kuala_Lumpur", "Asia/Kuching")),
    Member("MM", "Myanmar", ("Asia/Yangon",)),
    Member("PH", "Philippines", ("Asia/Manila",)),
    Member("SG", "Singapore", ("Asia/Singapore",)),
    Member("TH", "Thailand", ("Asia/Bangkok",)),
    Member("VN", "Viet Nam", ("Asia/Ho_Chi_Minh",)),
    Member("CN", "China", ("Asia/Shanghai", "Asia/Urumqi")),
]
NOW = datetime(2020, 1, 1, tzinfo=UTC)
LAUNCH = datetime(2020, 6, 12, 2, 0, tzinfo=UTC)


# The strip


def test_the_strip_shows_myanmar_at_plus_six_thirty_and_eastern_indonesia_at_plus_nine():
    rows = scheduling.local_times(
        starts_at=LAUNCH, ends_at=LAUNCH + timedelta(minutes=90), members=MEMBERS_2020
    )
    by_zone = {row.zone: row for row in rows}
    yangon, jayapura = by_zone["Asia/Yangon"], by_zone["Asia/Jayapura"]
    assert (yangon.offset, f"{yangon.starts:%H:%M}", f"{yangon.ends:%H:%M}") == (
        "+06:30",
        "08:30",
        "10:00",
    )
    assert (jayapura.offset, f"{jayapura.starts:%H:%M}", f"{jayapura.ends:%H:%M}") == (
        "+09:00",
        "11:00",
        "12:30",
    )


def test_the_strip_runs_from_the_westernmost_offset_eastwards():
    rows = scheduling.local_times(
        starts_at=LAUNCH, ends_at=LAUNCH + timedelta(hours=1), members=MEMBERS_2020
    )
    offsets = [row.offset for row in rows]
    assert offsets == sorted(offsets)
    assert offsets[0] == "+06:00"  # Urumqi (Xinjiang time)
    assert offsets[-1] == "+09:00"
    assert len(rows) == sum(len(m.zones) for m in MEMBERS_2020)


def test_the_strip_flags_the_philippine_holiday_and_the_brunei_weekend_on_launch_day():
    rows = {
        r.zone: r
        for r in scheduling.local_times(
            starts_at=LAUNCH, ends_at=LAUNCH + timedelta(minutes=90), members=MEMBERS_2020
        )
    }
    assert rows["Asia/Manila"].holiday == "Independence Day"
    assert rows["Asia/Brunei"].weekend  # Brunei rests on Friday and Sunday
    assert not rows["Asia/Bangkok"].weekend
    assert rows["Asia/Bangkok"].within_working_day


def test_the_strip_flags_friday_prayers_only_where_they_are_kept():
    friday_noon_jakarta = datetime(2020, 7, 10, 5, 0, tzinfo=UTC)  # 12:00 in Jakarta
    rows = {
        r.zone: r
        for r in scheduling.local_times(
            starts_at=friday_noon_jakarta,
            ends_at=friday_noon_jakarta + timedelta(hours=1),
            members=MEMBERS_2020,
        )
    }
    assert rows["Asia/Jakarta"].friday_prayer
    assert rows["Asia/Kuala_Lumpur"].friday_prayer
    assert not rows["Asia/Bangkok"].friday_prayer
    assert not rows["Asia/Manila"].friday_prayer


def test_an_evening_meeting_is_outside_working_hours_in_the_east():
    evening = datetime(2020, 7, 9, 10, 0, tzinfo=UTC)  # 19:00 in Jayapura
    rows = {
        r.zone: r
        for r in scheduling.local_times(
            starts_at=evening, ends_at=evening + timedelta(hours=1), members=MEMBERS_2020
        )
    }
    assert rows["Asia/Jayapura"].outside_working_hours
    assert not rows["Asia/Yangon"].outside_working_hours


# The assistant


def _fits_everyone(starts_at: datetime, ends_at: datetime, hours: WorkingHours) -> list[str]:
    """Check a slot independently of the assistant; return what is wrong with it."""
    problems = []
    for member in MEMBERS_2020:
        calendar = holidays.country_holidays(member.code, years=starts_at.year)
        for zone in member.zones:
            start = starts_at.astimezone(ZoneInfo(zone))
            end = ends_at.astimezone(ZoneInfo(zone))
            if start.date() != end.date() and end.time() != time(0):
                problems.append(f"{zone}: spans midnight")
            if start.time() < hours.start or (end.time() > hours.end and end.time() != time(0)):
                problems.append(f"{zone}: {start:%H:%M}–{end:%H:%M} outside working hours")
            if start.date() in calendar:
                problems.append(f"{zone}: holiday {calendar.get(start.date())}")
            if start.weekday() in calendar.weekend:
                problems.append(f"{zone}: weekend")
            if member.code in {"BN", "ID", "MY"} and start.weekday() == 4:
                prayer_start = start.replace(hour=11, minute=30)
                prayer_end = start.replace(hour=14, minute=0)
                if start < prayer_end and end > prayer_start:
                    problems.append(f"{zone}: Friday prayers")
    return problems


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    first_day=st.dates(min_value=date(2020, 1, 1), max_value=date(2020, 12, 20)),
    span=st.integers(min_value=0, max_value=10),
    duration=st.integers(min_value=1, max_value=16).map(lambda q: timedelta(minutes=15 * q)),
    start_hour=st.integers(min_value=6, max_value=10),
    length=st.integers(min_value=6, max_value=12),
)
def test_no_proposal_is_ever_outside_working_hours_or_on_a_holiday(
    first_day, span, duration, start_hour, length
):
    hours = WorkingHours(start=time(start_hour), end=time(min(start_hour + length, 23)))
    if duration > hours.length:
        return
    proposals = scheduling.propose_slots(
        members=MEMBERS_2020,
        duration=duration,
        first_day=first_day,
        last_day=first_day + timedelta(days=span),
        now=NOW,
        hours=hours,
    )
    for proposal in proposals:
        assert proposal.ends_at - proposal.starts_at == duration
        assert _fits_everyone(proposal.starts_at, proposal.ends_at, hours) == []
        assert all(row.within_working_day for row in proposal.local)


def test_a_two_hour_meeting_in_july_gets_slots_with_reasons():
    proposals = scheduling.propose_slots(
        members=MEMBERS_2020,
        duration=timedelta(hours=2),
        first_day=date(2020, 7, 6),
        last_day=date(2020, 7, 10),
        now=NOW,
    )
    assert proposals
    first = proposals[0]
    assert first.reasons[0].startswith("Inside 08:00–18:00 local working hours for all 11")
    # Proposals do not overlap one another.
    periods = sorted((p.starts_at, p.ends_at) for p in proposals)
    assert all(a_end <= b_start for (_a, a_end), (b_start, _b) in pairwise(periods))


def test_no_slot_is_proposed_before_now():
    now = datetime(2020, 7, 8, 4, 0, tzinfo=UTC)
    proposals = scheduling.propose_slots(
        members=MEMBERS_2020,
        duration=timedelta(hours=1),
        first_day=date(2020, 7, 8),
        last_day=date(2020, 7, 9),
        now=now,
    )
    assert proposals
    assert all(p.starts_at >= now for p in proposals)


def test_a_holiday_in_one_member_removes_the_day_for_everyone():
    # 17 August 2020: Indonesia's Independence Day (a Monday).
    proposals = scheduling.propose_slots(
        members=MEMBERS_2020,
        duration=timedelta(hours=1),
        first_day=date(2020, 8, 17),
        last_day=date(2020, 8, 17),
        now=NOW,
    )
    assert proposals == []


def test_fairness_puts_the_early_start_on_whoever_carried_less_of_it_lately():
    # Myanmar (+06:30) and eastern Indonesia (+09:00) share 01:30–09:00 UTC of working time:
    # a six-hour meeting gives one of them an early start or the other a late finish.
    pair = [
        Member("MM", "Myanmar", ("Asia/Yangon",)),
        Member("ID", "Indonesia", ("Asia/Jayapura",)),
    ]
    kwargs = {
        "members": pair,
        "duration": timedelta(hours=6),
        "first_day": date(2020, 7, 8),
        "last_day": date(2020, 7, 8),
        "now": NOW,
        "limit": 1,
    }
    neutral = scheduling.propose_slots(**kwargs)[0]
    assert f"{neutral.starts_at:%H:%M}" == "02:00"  # 08:30 in Yangon, 11:00 in Jayapura
    assert neutral.inconvenience == {"MM": 90, "ID": 60}

    fair = scheduling.propose_slots(**kwargs, burden={"MM": 300.0, "ID": 0.0})[0]
    assert f"{fair.starts_at:%H:%M}" == "02:30"  # 09:00 in Yangon, 11:30–17:30 in Jayapura
    assert fair.inconvenience == {"MM": 60, "ID": 90}
    assert (
        "Ranked for fairness: the inconvenience of Myanmar, who carried the most recently, "
        "counts up to double." in fair.reasons
    )
    assert any(
        r.startswith("Over lunch for Myanmar (09:00–15:00 in Asia/Yangon), who carried 300 ")
        for r in fair.reasons
    )


def test_a_heavily_burdened_member_left_alone_by_the_slot_is_said_to_be_spared():
    pair = [Member("MM", "Myanmar", ("Asia/Yangon",)), Member("TH", "Thailand", ("Asia/Bangkok",))]
    starts_at = datetime(2020, 7, 8, 2, 0, tzinfo=UTC)  # 08:30 in Yangon, 09:00 in Bangkok
    reasons = scheduling._reasons(
        members=pair,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=2),
        inconvenience={"MM": 30, "TH": 0},
        burden={"TH": 200.0, "MM": 10.0},
        hours=WorkingHours(),
    )
    assert "Spares Thailand, who carried the most inconvenient hours recently." in reasons
    assert any(
        r.startswith("Early start for Myanmar (08:30–10:30 in Asia/Yangon)") for r in reasons
    )


def test_recent_burden_weighs_the_latest_activity_most():
    # 01:00 UTC = 07:30 in Yangon: outside working hours for Myanmar only.
    early_for_myanmar = datetime(2020, 7, 9, 1, 0, tzinfo=UTC)
    burden = scheduling.recent_burden(
        past=[(early_for_myanmar, early_for_myanmar + timedelta(hours=1))],
        members=MEMBERS_2020,
    )
    assert burden["MM"] > burden["TH"] >= 0
    older = scheduling.recent_burden(
        past=[
            (LAUNCH, LAUNCH + timedelta(hours=1)),
            (early_for_myanmar, early_for_myanmar + timedelta(hours=1)),
        ],
        members=MEMBERS_2020,
    )
    assert older["MM"] < burden["MM"] + 60  # the older meeting counts half


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"duration": timedelta(minutes=5)}, "duration_minutes"),
        ({"duration": timedelta(hours=11)}, "duration_minutes"),
        ({"last_day": date(2020, 7, 1)}, "last_day"),
        ({"last_day": date(2020, 12, 31)}, "last_day"),
    ],
)
def test_bad_windows_are_refused_naming_the_field(kwargs, field):
    arguments = {
        "members": MEMBERS_2020,
        "duration": timedelta(hours=1),
        "first_day": date(2020, 7, 6),
        "last_day": date(2020, 7, 10),
        "now": NOW,
    } | kwargs
    with pytest.raises(DomainError) as caught:
        scheduling.propose_slots(**arguments)
    assert caught.value.field == field
    assert caught.value.message.startswith(f"{field}: ")
