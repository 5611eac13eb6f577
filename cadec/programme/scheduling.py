"""Time across the members' zones: the local-time strip of an activity and the scheduling
assistant that proposes fair slots.

Pure functions: no database. The members, their zones, the working hours and the recent history
come in as arguments; public holidays and weekends come from the ``holidays`` package; Friday
midday prayers (11:30–14:00 local) are kept free in Brunei, Indonesia and Malaysia.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import cache, lru_cache
from zoneinfo import ZoneInfo

import holidays
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cadec.core.errors import DomainError

FRIDAY_PRAYER_COUNTRIES = frozenset({"BN", "ID", "MY"})
FRIDAY_PRAYER = (time(11, 30), time(14, 0))
FRIDAY = 4
MAX_WINDOW_DAYS = 92
MIN_DURATION = timedelta(minutes=15)
DAY_MINUTES = 24 * 60


@dataclass(frozen=True)
class Member:
    """A participating member as the assistant sees it: its code, name and zones."""

    code: str  # ISO 3166 alpha-2, as the holidays package wants it
    name: str
    zones: tuple[str, ...]


@dataclass(frozen=True)
class WorkingHours:
    """Local working hours, the same in every zone; the first and last hour and the lunch
    hour count as inconvenient (they are what fairness rotates)."""

    start: time = time(8, 0)
    end: time = time(18, 0)
    lunch_start: time = time(12, 0)
    lunch_end: time = time(13, 0)

    def __post_init__(self) -> None:
        if self.end <= self.start and self.end != time(0):
            raise DomainError(
                _("working_end: the working day must end after it starts."), field="working_end"
            )

    @property
    def start_minute(self) -> int:
        return _minute(self.start)

    @property
    def end_minute(self) -> int:
        # 00:00 as the end means midnight at the end of the day.
        return DAY_MINUTES if self.end == time(0) else _minute(self.end)

    @property
    def length(self) -> timedelta:
        return timedelta(minutes=self.end_minute - self.start_minute)


def _minute(value: time) -> int:
    return value.hour * 60 + value.minute


@cache
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


@lru_cache(maxsize=512)
def public_holidays(code: str, year: int) -> holidays.HolidayBase:
    """A country's national public holidays for one year, named in English."""
    return holidays.country_holidays(code, years=year, language="en_US")


def holiday_name(code: str, day: date) -> str | None:
    return public_holidays(code, day.year).get(day)


def is_weekend(code: str, day: date) -> bool:
    """The weekend as the country keeps it (Brunei rests on Friday and Sunday)."""
    return day.weekday() in public_holidays(code, day.year).weekend


def offset_label(moment: datetime) -> str:
    """The UTC offset of an aware datetime as ``+06:30``."""
    offset = moment.utcoffset() or timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


@dataclass(frozen=True)
class Costs:
    """Minutes of a period that fall in each kind of inconvenient local time."""

    early: int = 0
    lunch: int = 0
    late: int = 0
    outside: int = 0

    @property
    def inconvenient(self) -> int:
        return self.early + self.lunch + self.late

    @property
    def burden(self) -> int:
        # Minutes outside working hours weigh twice what an early start or a late finish does.
        return self.inconvenient + 2 * self.outside

    def __add__(self, other: "Costs") -> "Costs":
        return Costs(
            self.early + other.early,
            self.lunch + other.lunch,
            self.late + other.late,
            self.outside + other.outside,
        )


def _overlap(a: int, b: int, c: int, d: int) -> int:
    return max(0, min(b, d) - max(a, c))


def _day_costs(start: int, end: int, hours: WorkingHours) -> Costs:
    hs, he = hours.start_minute, hours.end_minute
    return Costs(
        early=_overlap(start, end, hs, min(hs + 60, he)),
        lunch=_overlap(start, end, _minute(hours.lunch_start), _minute(hours.lunch_end)),
        late=_overlap(start, end, max(he - 60, hs), he),
        outside=_overlap(start, end, 0, hs) + _overlap(start, end, he, DAY_MINUTES),
    )


def _local_pieces(zone: str, start: datetime, end: datetime) -> Iterable[tuple[date, int, int]]:
    """Split a period into local days: (day, first minute, end minute) in ``zone``."""
    tz = _zone(zone)
    cursor = start.astimezone(tz)
    stop = end.astimezone(tz)
    while cursor < stop:
        midnight = datetime.combine(cursor.date() + timedelta(days=1), time(0), tzinfo=tz)
        piece_end = min(stop, midnight)
        first = _minute(cursor.time())
        last = first + int((piece_end - cursor).total_seconds() // 60)
        yield cursor.date(), first, min(last, DAY_MINUTES)
        cursor = piece_end


def period_costs(zone: str, start: datetime, end: datetime, hours: WorkingHours) -> Costs:
    total = Costs()
    for _day, first, last in _local_pieces(zone, start, end):
        total = total + _day_costs(first, last, hours)
    return total


@dataclass(frozen=True)
class LocalTime:
    """One row of the local-time strip: a member's zone and what the period is there."""

    member: Member
    zone: str
    offset: str
    starts: datetime
    ends: datetime
    holiday: str | None
    weekend: bool
    outside_working_hours: bool
    friday_prayer: bool

    @property
    def within_working_day(self) -> bool:
        return not (
            self.holiday or self.weekend or self.outside_working_hours or self.friday_prayer
        )


def _prayer_overlap(code: str, first_day: date, first: int, last: int) -> bool:
    if code not in FRIDAY_PRAYER_COUNTRIES or first_day.weekday() != FRIDAY:
        return False
    return _overlap(first, last, _minute(FRIDAY_PRAYER[0]), _minute(FRIDAY_PRAYER[1])) > 0


def local_time(
    member: Member, zone: str, starts_at: datetime, ends_at: datetime, hours: WorkingHours
) -> LocalTime:
    tz = _zone(zone)
    starts, ends = starts_at.astimezone(tz), ends_at.astimezone(tz)
    pieces = list(_local_pieces(zone, starts_at, ends_at))
    days = [day for day, _first, _last in pieces]
    holiday = next((n for n in (holiday_name(member.code, d) for d in days) if n), None)
    outside = any(
        first < hours.start_minute or last > hours.end_minute for _d, first, last in pieces
    )
    return LocalTime(
        member=member,
        zone=zone,
        offset=offset_label(starts),
        starts=starts,
        ends=ends,
        holiday=holiday,
        weekend=any(is_weekend(member.code, d) for d in days),
        outside_working_hours=outside or len(pieces) > 1,
        friday_prayer=any(_prayer_overlap(member.code, d, f, la) for d, f, la in pieces),
    )


def local_times(
    *,
    starts_at: datetime,
    ends_at: datetime,
    members: Sequence[Member],
    hours: WorkingHours | None = None,
) -> list[LocalTime]:
    """The period in every zone of every member, from the westernmost offset eastwards."""
    hours = hours or WorkingHours()
    rows = [
        local_time(member, zone, starts_at, ends_at, hours)
        for member in members
        for zone in member.zones
    ]
    return sorted(rows, key=lambda r: (r.starts.utcoffset() or timedelta(0), r.member.name))


def recent_burden(
    *,
    past: Sequence[tuple[datetime, datetime]],
    members: Sequence[Member],
    hours: WorkingHours | None = None,
) -> dict[str, float]:
    """How many inconvenient minutes each member carried lately, the latest counting most.

    ``past`` lists the periods of recent activities, most recent first; each weighs half the
    one after it. A member's minutes in an activity are those of its worst-placed zone.
    """
    hours = hours or WorkingHours()
    burden = {m.code: 0.0 for m in members}
    for index, (start, end) in enumerate(past):
        weight = 0.5**index
        for member in members:
            worst = max(period_costs(z, start, end, hours).burden for z in member.zones)
            burden[member.code] += weight * worst
    return burden


@dataclass(frozen=True)
class Proposal:
    """A proposed slot, its local times, its cost and the reasons it is proposed."""

    starts_at: datetime
    ends_at: datetime
    cost: float
    inconvenience: dict[str, int]
    local: list[LocalTime] = field(compare=False)
    reasons: list[str] = field(compare=False)


def _check_window(
    *, duration: timedelta, first_day: date, last_day: date, hours: WorkingHours
) -> None:
    if duration < MIN_DURATION:
        raise DomainError(
            _("duration_minutes: a slot lasts at least 15 minutes."), field="duration_minutes"
        )
    if duration > hours.length:
        raise DomainError(
            _("duration_minutes: the slot is longer than the working day (%(hours)s).")
            % {"hours": f"{hours.start:%H:%M}–{hours.end:%H:%M}"},
            field="duration_minutes",
        )
    if last_day < first_day:
        raise DomainError(
            _("last_day: the window must end on or after its first day."), field="last_day"
        )
    if (last_day - first_day).days >= MAX_WINDOW_DAYS:
        raise DomainError(
            _("last_day: the window may span at most %(days)d days.") % {"days": MAX_WINDOW_DAYS},
            field="last_day",
        )


def slot_fits(
    member: Member, zone: str, starts_at: datetime, ends_at: datetime, hours: WorkingHours
) -> bool:
    """Inside working hours on one working day, not a public holiday, clear of Friday prayers."""
    tz = _zone(zone)
    local_start = starts_at.astimezone(tz)
    day = local_start.date()
    first = _minute(local_start.time())
    last = first + int((ends_at - starts_at).total_seconds() // 60)
    if first < hours.start_minute or last > hours.end_minute:
        return False
    if is_weekend(member.code, day) or holiday_name(member.code, day):
        return False
    return not _prayer_overlap(member.code, day, first, last)


def propose_slots(
    *,
    members: Sequence[Member],
    duration: timedelta,
    first_day: date,
    last_day: date,
    now: datetime,
    hours: WorkingHours | None = None,
    burden: Mapping[str, float] | None = None,
    step: timedelta = timedelta(minutes=30),
    limit: int = 8,
) -> list[Proposal]:
    """Propose up to ``limit`` non-overlapping slots of ``duration`` between the UTC dates
    ``first_day`` and ``last_day`` (inclusive), starting after ``now``, that fit every zone of
    every member. Slots that put the inconvenient hours on members who carried fewer of them
    lately come first.

    :raises DomainError: the duration or the window is out of range (the message names it).
    """
    hours = hours or WorkingHours()
    _check_window(duration=duration, first_day=first_day, last_day=last_day, hours=hours)
    burden = dict(burden or {})
    heaviest = max(burden.values(), default=0.0) or 1.0
    candidates: list[tuple[float, int, datetime, dict[str, int]]] = []
    start = datetime.combine(first_day, time(0), tzinfo=UTC)
    stop = datetime.combine(last_day + timedelta(days=1), time(0), tzinfo=UTC)
    cursor = start
    while cursor < stop:
        slot_end = cursor + duration
        if cursor >= now and all(
            slot_fits(m, z, cursor, slot_end, hours) for m in members for z in m.zones
        ):
            inconvenience = {
                m.code: max(period_costs(z, cursor, slot_end, hours).inconvenient for z in m.zones)
                for m in members
            }
            cost = sum(
                minutes * (1 + burden.get(code, 0.0) / heaviest)
                for code, minutes in inconvenience.items()
            )
            candidates.append((cost, sum(inconvenience.values()), cursor, inconvenience))
        cursor += step
    candidates.sort(key=lambda c: (c[0], c[1], c[2]))
    chosen: list[tuple[float, datetime, dict[str, int]]] = []
    for cost, _total, slot_start, inconvenience in candidates:
        if len(chosen) >= limit:
            break
        if all(
            slot_start + duration <= other or other + duration <= slot_start
            for _c, other, _i in chosen
        ):
            chosen.append((cost, slot_start, inconvenience))
    return [
        Proposal(
            starts_at=slot_start,
            ends_at=slot_start + duration,
            cost=round(cost, 1),
            inconvenience=inconvenience,
            local=local_times(
                starts_at=slot_start, ends_at=slot_start + duration, members=members, hours=hours
            ),
            reasons=_reasons(
                members=members,
                starts_at=slot_start,
                ends_at=slot_start + duration,
                inconvenience=inconvenience,
                burden=burden,
                hours=hours,
            ),
        )
        for cost, slot_start, inconvenience in chosen
    ]


def _code_of(by_code: Mapping[str, Member], name: str) -> str:
    return next(code for code, member in by_code.items() if member.name == name)


def _reasons(
    *,
    members: Sequence[Member],
    starts_at: datetime,
    ends_at: datetime,
    inconvenience: Mapping[str, int],
    burden: Mapping[str, float],
    hours: WorkingHours,
) -> list[str]:
    reasons = [
        ngettext(
            "Inside %(start)s–%(end)s local working hours for the %(count)d member, "
            "on a working day without a public holiday.",
            "Inside %(start)s–%(end)s local working hours for all %(count)d members, "
            "on a working day for each, without a public holiday.",
            len(members),
        )
        % {"start": f"{hours.start:%H:%M}", "end": f"{hours.end:%H:%M}", "count": len(members)}
    ]
    praying = [
        m.name
        for m in members
        if m.code in FRIDAY_PRAYER_COUNTRIES
        and starts_at.astimezone(_zone(m.zones[0])).weekday() == FRIDAY
    ]
    if praying:
        reasons.append(
            _("Clear of Friday prayers (11:30–14:00) in %(names)s.") % {"names": ", ".join(praying)}
        )
    by_code = {m.code: m for m in members}
    affected = sorted(
        (code for code, minutes in inconvenience.items() if minutes),
        key=lambda code: (-inconvenience[code], by_code[code].name),
    )
    if not affected:
        reasons.append(_("Nobody starts early, meets over lunch or finishes late."))
    for code in affected:
        member = by_code[code]
        zone = max(
            member.zones,
            key=lambda z: period_costs(z, starts_at, ends_at, hours).inconvenient,
        )
        costs = period_costs(zone, starts_at, ends_at, hours)
        what = (
            _("Early start")
            if costs.early >= max(costs.lunch, costs.late)
            else _("Over lunch")
            if costs.lunch >= costs.late
            else _("Late finish")
        )
        tz = _zone(zone)
        reasons.append(
            _(
                "%(what)s for %(member)s (%(start)s–%(end)s in %(zone)s), who carried "
                "%(minutes)d inconvenient minutes in recent activities."
            )
            % {
                "what": what,
                "member": member.name,
                "start": f"{starts_at.astimezone(tz):%H:%M}",
                "end": f"{ends_at.astimezone(tz):%H:%M}",
                "zone": zone,
                "minutes": round(burden.get(code, 0.0)),
            }
        )
    heaviest = [
        by_code[code].name
        for code, load in sorted(burden.items(), key=lambda item: (-item[1], item[0]))
        if load > 0 and code in by_code
    ][:3]
    spared = [name for name in heaviest if not inconvenience.get(_code_of(by_code, name))]
    if spared and affected:
        reasons.append(
            _("Spares %(names)s, who carried the most inconvenient hours recently.")
            % {"names": ", ".join(spared)}
        )
    elif heaviest and affected:
        reasons.append(
            _(
                "Ranked for fairness: the inconvenience of %(names)s, who carried the most "
                "recently, counts up to double."
            )
            % {"names": ", ".join(heaviest)}
        )
    return reasons
