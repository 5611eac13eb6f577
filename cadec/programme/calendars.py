"""iCalendar (RFC 5545) feeds of the programme, built with the ``icalendar`` package.

Each activity is one VEVENT with a UID that never changes, a SEQUENCE raised by every change
calendars show, times in the organisers' zone (with its VTIMEZONE), and STATUS:CANCELLED kept
for cancelled activities so that subscribed calendars strike them out rather than lose them.
"""

import hashlib
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

import icalendar
from django.utils.translation import gettext as _

from cadec.programme.models import Activity
from cadec.programme.selectors import ActivityAccess

PRODID = "-//CADEC//Programme//EN"
UID_DOMAIN = "cadec.programme"


def event_uid(activity: Activity) -> str:
    return f"{activity.uid}@{UID_DOMAIN}"


@lru_cache(maxsize=64)
def _vtimezone(zone: str) -> bytes:
    """The VTIMEZONE of a zone, serialised once per process (it is slow to derive)."""
    return icalendar.Timezone.from_tzid(zone).to_ical()


def _event(
    activity: Activity,
    *,
    room_url: str | None,
    tentative: bool,
    page_url: str | None,
    kinds: Mapping[str, str],
) -> icalendar.Event:
    zone = ZoneInfo(activity.time_zone)
    event = icalendar.Event()
    event.add("uid", event_uid(activity))
    event.add("dtstamp", activity.updated_at.astimezone(UTC))
    event.add("last-modified", activity.updated_at.astimezone(UTC))
    event.add("created", activity.created_at.astimezone(UTC))
    event.add("sequence", activity.sequence)
    event.add("dtstart", activity.starts_at.astimezone(zone))
    event.add("dtend", activity.ends_at.astimezone(zone))
    event.add("summary", activity.title)
    description = activity.description
    if room_url:
        description = f"{description}\n\n{_('Online room')}: {room_url}".strip()
        event.add("location", room_url)
    if description:
        event.add("description", description)
    if page_url:
        event.add("url", page_url)
    event.add("categories", [kinds[activity.kind]])
    event.add("class", "PUBLIC" if activity.visibility == Activity.Visibility.PUBLIC else "PRIVATE")
    if activity.is_cancelled:
        event.add("status", "CANCELLED")
    else:
        event.add("status", "TENTATIVE" if tentative else "CONFIRMED")
    return event


def build_calendar(
    *,
    name: str,
    entries: Iterable[ActivityAccess],
    tentative: frozenset[int] = frozenset(),
    page_url: str | None = None,
) -> bytes:
    """Serialise the activities as one VCALENDAR; room links only where the viewer may join.

    ``page_url`` is a template with ``{id}`` for each activity's page.
    """
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    kinds = {value: str(label) for value, label in Activity.Kind.choices}
    zones: set[str] = set()
    for entry in entries:
        activity = entry.activity
        zones.add(activity.time_zone)
        calendar.add_component(
            _event(
                activity,
                room_url=entry.room_url,
                tentative=activity.pk in tentative,
                page_url=page_url.format(id=activity.pk) if page_url else None,
                kinds=kinds,
            )
        )
    for zone in sorted(zones - {"UTC"}):
        calendar.add_component(icalendar.Timezone.from_ical(_vtimezone(zone)))
    return calendar.to_ical()


def signature(
    *,
    name: str,
    entries: Iterable[ActivityAccess],
    tentative: frozenset[int] = frozenset(),
    page_url: str | None = None,
) -> str:
    """A digest of everything a feed's body depends on: its ETag and cache key."""
    digest = hashlib.sha256(f"{PRODID}|{name}|{page_url}".encode())
    for entry in entries:
        a = entry.activity
        fields = (
            a.pk,
            a.uid,
            a.sequence,
            a.updated_at,
            a.created_at,
            a.status,
            a.kind,
            a.visibility,
            a.starts_at,
            a.ends_at,
            a.time_zone,
            a.title,
            a.description,
            entry.room_url,
            a.pk in tentative,
        )
        digest.update(repr(fields).encode())
    return digest.hexdigest()


def last_modified(entries: Iterable[ActivityAccess]) -> datetime | None:
    return max((e.activity.updated_at for e in entries), default=None)
