"""Benchmark: the programme pages of a year with 500 activities and 11 delegations.

    uv run python benchmarks/programme.py [--activities 500] [--requests 200]

It works in a temporary directory of its own: a fresh SQLite database (WAL, as configured), the
reference configuration, two delegates per delegation of the eleven 2020 members, and a year of
activities (themes, sectors, organisers, two sessions of three agenda items, registrations,
statements). It then times requests through Django's whole stack (middleware, sessions, the
view, the template) in this process, and prints p50/p95 server time for: the programme page
(anonymous, and a signed-in delegate), an activity page (a signed-in delegate) and a
delegation's iCalendar feed. Budget: p95 ≤ 50 ms for the main pages (DESIGN.md).
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KINDS = [
    "CEREMONY",
    "MINISTERIAL_MEETING",
    "SENIOR_OFFICIALS_MEETING",
    "WORKSHOP",
    "WEBINAR",
    "TRAINING",
]


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--activities", type=int, default=500)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="cadec-bench-programme-") as tmp:
        os.environ["CADEC_DATA_DIR"] = tmp
        os.environ.pop("DATABASE_URL", None)
        os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
        os.environ["CADEC_ALLOWED_HOSTS"] = "testserver"
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()
        from django.core.cache import cache
        from django.core.management import call_command
        from django.test import Client
        from django.utils import timezone

        from cadec.members.models import Membership, Organisation, Topic, User
        from cadec.members.reference import load_reference_configuration
        from cadec.members.selectors import viewer_for
        from cadec.programme import services
        from cadec.programme.models import (
            Activity,
            AgendaItem,
            Registration,
            Session,
            Speaker,
            Statement,
        )
        from cadec.programme.selectors import feed_secret

        started = time.perf_counter()
        call_command("migrate", interactive=False, verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        now = datetime.now(tz=UTC)
        framework = load_reference_configuration(now=now)
        delegations = list(
            Organisation.objects.filter(framework=framework, kind="DELEGATION")
            .exclude(country__iso3="TLS")  # the eleven members of 2020
            .select_related("country")
            .order_by("name")
        )
        people: dict[int, list[User]] = {}
        for organisation in delegations:
            for number in (1, 2):
                user = User(
                    username=f"{organisation.country.iso3.lower()}.{number}",  # type: ignore[union-attr]
                    time_zone=organisation.country.primary_time_zone,  # type: ignore[union-attr]
                )
                user.set_unusable_password()
                user.save()
                Membership.objects.create(
                    user=user,
                    organisation=organisation,
                    role="DELEGATE",
                    start_date=date(2020, 1, 1),
                    created_at=now,
                )
                people.setdefault(organisation.pk, []).append(user)
        topics = list(Topic.objects.filter(framework=framework))
        rng = random.Random(20200612)
        first = datetime(2020, 1, 6, 1, 0, tzinfo=UTC)
        activities = []
        for number in range(args.activities):
            starts_at = first + timedelta(
                days=rng.randrange(0, 355), minutes=30 * rng.randrange(0, 14)
            )
            activity = Activity.objects.create(
                framework=framework,
                title=f"Activity {number}: digital cooperation in practice",
                description="Benchmark data. " * 20,
                kind=rng.choice(KINDS),
                visibility=rng.choice(["PUBLIC", "PUBLIC", "MEMBERS"]),
                starts_at=starts_at,
                ends_at=starts_at + timedelta(minutes=180),
                time_zone=rng.choice(delegations).country.primary_time_zone,  # type: ignore[union-attr]
                room_name=services.new_room_name(),
                created_at=now,
                updated_at=now,
            )
            activity.topics.set(rng.sample(topics, 3))
            activity.organisers.set(rng.sample(delegations, 2))
            for sitting in range(2):
                session = Session.objects.create(
                    activity=activity,
                    title=f"Session {sitting + 1}",
                    starts_at=starts_at + timedelta(minutes=90 * sitting),
                    ends_at=starts_at + timedelta(minutes=90 * (sitting + 1)),
                )
                for position in range(1, 4):
                    item = AgendaItem.objects.create(
                        session=session,
                        position=position,
                        title=f"Item {position}",
                        duration_minutes=30,
                    )
                    Speaker.objects.create(agenda_item=item, position=1, name="Speaker")
            for organisation in rng.sample(delegations, 6):
                Registration.objects.create(
                    activity=activity,
                    person=people[organisation.pk][0],
                    organisation=organisation,
                    status="APPROVED",
                    registered_at=now,
                    decided_at=now,
                )
            Statement.objects.create(
                activity=activity,
                organisation=rng.choice(delegations),
                kind="STATEMENT",
                title="Statement",
                language="en",
                body="Benchmark statement. " * 30,
                created_at=now,
            )
            activities.append(activity)
        viet_nam = next(o for o in delegations if o.country.iso3 == "VNM")  # type: ignore[union-attr]
        delegate = people[viet_nam.pk][0]
        token = services.create_feed_token(
            viewer=viewer_for(user=delegate, on=now.date()), scope="DELEGATION", now=now
        )
        print(
            f"set up {Activity.objects.count()} activities, {len(delegations)} delegations, "
            f"{Registration.objects.count()} registrations in {time.perf_counter() - started:.1f} s"
        )

        anonymous = Client()
        member = Client()
        member.force_login(delegate)
        middle = sorted(activities, key=lambda a: a.starts_at)[len(activities) // 2]
        targets = [
            ("programme page, anonymous", anonymous, "/programme/"),
            ("programme page, delegate", member, "/programme/"),
            (
                "programme page, delegate, June, theme",
                member,
                "/programme/?month=2020-06&theme=big-data",
            ),
            ("activity page, delegate", member, f"/programme/activities/{middle.pk}/"),
            (
                "delegation iCalendar feed",
                Client(),
                f"/programme/feeds/{token.pk}/{feed_secret(token)}.ics",
            ),
            (
                "delegation iCalendar feed, not cached",
                Client(),
                f"/programme/feeds/{token.pk}/{feed_secret(token)}.ics",
            ),
        ]
        print(f"{args.requests} requests each, after 10 warm-up requests; server time in ms")
        print(f"{'page':<40} {'p50':>7} {'p95':>7} {'max':>7} {'bytes':>8}")
        with timezone.override(UTC):
            for label, client, url in targets:
                for _ in range(10):
                    response = client.get(url)
                    assert response.status_code == 200, (url, response.status_code)
                samples = []
                for _ in range(args.requests):
                    if "not cached" in label:
                        cache.clear()  # rebuild the feed on every request
                    begin = time.perf_counter()
                    response = client.get(url)
                    samples.append((time.perf_counter() - begin) * 1000)
                p95 = percentile(samples, 0.95)
                print(
                    f"{label:<40} {statistics.median(samples):7.1f} {p95:7.1f} "
                    f"{max(samples):7.1f} {len(response.content):8d}"
                    + ("" if p95 <= 50 or "feed" in label else "  over budget")
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
