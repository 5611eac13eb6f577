"""Benchmark: a negotiation of 300 paragraphs × 2,000 amendments × 11 delegations.

    uv run python benchmarks/negotiation.py [--paragraphs 300] [--amendments 2000] [--runs 7]

Budgets (DESIGN.md): the compilation view ≤ 300 ms of server time; issuing a revision ≤ 1 s.

It works in a temporary directory of its own: a fresh SQLite database (WAL, IMMEDIATE, as
configured), the reference configuration, a chair and one delegate for each of the 11
participating members of 2020. The text is imported (one event), issued as the zero draft, then
2,000 amendments are tabled through the same service as the pages (spread over the paragraphs,
every kind, every delegation, with co-sponsors), and every delegation states a published
position on every paragraph (3,300 positions, written in bulk: they are not what is measured).
It then times, with Django's test client through the whole middleware stack:

* the compilation view of the current version (all 300 paragraphs with holders, positions and
  the tabled amendments with their diffs and conflicts), median and worst of ``--runs`` runs;
* issuing Rev.1 with 300 accepted amendments merged (``services.issue_revision``), and Rev.2
  with 300 more through the page (POST), each once (a revision is a one-off write).

It prints the figures and stops by itself. With ``CADEC_PROFILE=1`` it also prints a profile of
issuing Rev.1.
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORDS = [
    "digital",
    "economy",
    "cooperation",
    "members",
    "smart",
    "cities",
    "data",
    "infrastructure",
    "skills",
    "trade",
    "innovation",
    "security",
    "connectivity",
    "enterprises",
    "agriculture",
    "health",
    "finance",
    "transport",
    "retail",
    "manufacturing",
    "platforms",
    "governance",
    "interoperability",
    "standards",
    "inclusion",
    "capacity",
]


def draft_text(paragraphs: int, rng: random.Random, codes: list[str]) -> str:
    """A plain-text draft: headings every 20 paragraphs, brackets held by delegations."""
    lines = ["# Benchmark action plan", ""]
    for number in range(1, paragraphs + 1):
        if number % 20 == 1:
            lines += [f"## Part {number // 20 + 1}", ""]
        words = rng.sample(WORDS, 14)
        a, b = rng.sample(codes, 2)
        lines.append(
            f"{number}. Members will {' '.join(words[:5])} [{words[5]}]{{{a}}}[{words[6]}]{{{b}}}"
            f" and {' '.join(words[7:12])} in the region [{words[12]} {words[13]}]{{{a}}}."
        )
        lines.append("")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--paragraphs", type=int, default=300)
    parser.add_argument("--amendments", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="cadec-bench-negotiation-") as tmp:
        os.environ["CADEC_DATA_DIR"] = tmp
        os.environ.pop("DATABASE_URL", None)
        os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()
        from django.conf import settings
        from django.core.management import call_command
        from django.test import Client
        from django.test.utils import setup_test_environment
        from django_otp import DEVICE_ID_SESSION_KEY
        from django_otp.plugins.otp_totp.models import TOTPDevice

        from cadec.members.models import Membership, Organisation, User
        from cadec.members.reference import load_reference_configuration
        from cadec.members.selectors import consensus_parties, viewer_for
        from cadec.negotiation import services
        from cadec.negotiation.models import Amendment, Paragraph, Position

        setup_test_environment()  # the test client's hosts; nothing else changes
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
        settings.DEBUG = False
        call_command("migrate", interactive=False, verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)  # as `cadec up` does
        on = datetime(2020, 6, 12, 2, 0, tzinfo=UTC)
        rng = random.Random(20200612)
        framework = load_reference_configuration(now=on)
        parties = consensus_parties(framework=framework, on=on.date())
        delegations = {
            o.country.iso3: o  # type: ignore[union-attr]
            for o in Organisation.objects.filter(
                framework=framework, kind="DELEGATION", country__in=parties
            ).select_related("country")
        }
        codes = sorted(delegations)

        def person(username: str, organisation: Organisation, role: str) -> User:
            user = User.objects.create_user(username=username)
            Membership.objects.create(
                user=user,
                organisation=organisation,
                role=role,
                start_date=on.date() - timedelta(days=200),
                created_at=on,
            )
            return user

        chair_user = person("chair", delegations["VNM"], "CHAIR")
        chair = viewer_for(user=chair_user, on=on.date())
        delegates = {
            code: viewer_for(
                user=person(f"{code.lower()}.delegate", delegations[code], "DELEGATE"),
                on=on.date(),
            )
            for code in codes
        }

        started = time.perf_counter()
        result = services.import_document(
            viewer=chair,
            framework=framework,
            symbol="BENCH/2020/1",
            title="Benchmark action plan",
            deadline=on + timedelta(days=200),
            source=draft_text(args.paragraphs, rng, codes),
            source_name="benchmark.txt",
            now=on,
        )
        document = result.document
        services.issue_revision(viewer=chair, document=document, now=on)
        print(
            f"{len(codes)} delegations; imported {result.paragraphs} paragraphs "
            f"({result.brackets} brackets) and issued the zero draft in "
            f"{time.perf_counter() - started:.1f} s"
        )

        paragraphs = list(
            Paragraph.objects.filter(document=document, kind="OPERATIVE")
            .select_related("current", "document")
            .order_by("position")
        )
        started = time.perf_counter()
        kinds = ["REPLACE", "INSERT", "DELETE", "ALTERNATIVE"]
        for number in range(args.amendments):
            paragraph = paragraphs[number % len(paragraphs)]
            words = paragraph.current.text.split(" ")  # type: ignore[union-attr]
            target = words[2 + (number // len(paragraphs)) % 4]
            kind = kinds[number % 4]
            proposer = codes[number % len(codes)]
            amendment = services.propose_amendment(
                viewer=delegates[proposer],
                paragraph=paragraph,
                kind=kind,
                target=target,
                text="" if kind == "DELETE" else rng.choice(WORDS) + " " + rng.choice(WORDS),
                now=on + timedelta(seconds=number),
            )
            if number % 5 == 0:
                sponsor = codes[(number + 3) % len(codes)]
                services.cosponsor_amendment(viewer=delegates[sponsor], amendment=amendment, now=on)
        print(f"tabled {args.amendments} amendments in {time.perf_counter() - started:.1f} s")
        Position.objects.bulk_create(
            Position(
                document=document,
                paragraph=paragraph,
                organisation=delegations[code],
                stance=rng.choice(["SUPPORT", "CAN_ACCEPT", "RESERVATION", "SUPPORT"]),
                published=True,
                on_revision=1,
                stated_at=on,
            )
            for paragraph in Paragraph.objects.filter(document=document)
            for code in codes
        )
        print(f"stated {Position.objects.count()} positions (in bulk)")

        client = Client()
        client.force_login(User.objects.get(username="vnm.delegate"))
        url = f"/negotiation/{document.pk}/?view=compilation"
        times = []
        for _run in range(args.runs + 1):
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, response.status_code
        size = len(response.content)
        times = times[1:]  # the first run warms the template and code caches

        print(
            f"compilation view ({args.paragraphs} paragraphs, {args.amendments} amendments, "
            f"{Position.objects.count()} positions, {size / 1024:.0f} KiB of HTML): "
            f"median {statistics.median(times):.0f} ms, worst {max(times):.0f} ms "
            f"over {args.runs} runs (budget 300 ms)"
        )

        def accept_one_per_paragraph() -> int:
            """The chair accepts one tabled amendment on each operative paragraph."""
            accepted = 0
            for paragraph in paragraphs:
                amendment = (
                    Amendment.objects.filter(paragraph=paragraph, status="SUBMITTED")
                    .order_by("number")
                    .first()
                )
                if amendment is not None:
                    services.recommend_amendment(
                        viewer=chair, amendment=amendment, recommendation="ACCEPT", now=on
                    )
                    accepted += 1
            return accepted

        accepted = accept_one_per_paragraph()
        if os.environ.get("CADEC_PROFILE"):
            import cProfile
            import pstats

            profiler = cProfile.Profile()
            profiler.enable()
        started = time.perf_counter()
        rev1 = services.issue_revision(viewer=chair, document=document, now=on)
        issue_ms = (time.perf_counter() - started) * 1000
        if os.environ.get("CADEC_PROFILE"):
            profiler.disable()
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)
        print(
            f"issuing {rev1.label} with {accepted} accepted amendments merged "
            f"(service): {issue_ms:.0f} ms (budget 1,000 ms)"
        )

        accepted = accept_one_per_paragraph()
        TOTPDevice.objects.create(user=chair_user, name="bench", confirmed=True)
        chair_client = Client()
        chair_client.force_login(chair_user)
        session = chair_client.session
        session[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.get(user=chair_user).persistent_id
        session.save()
        from unittest import mock

        from django.utils import timezone

        # The chair of 2020 chairs in 2020: the page reads the clock at its edge.
        with mock.patch("django.utils.timezone.now", return_value=on + timedelta(hours=1)):
            started = time.perf_counter()
            response = chair_client.post(f"/negotiation/{document.pk}/issue/", {"note": "Rev.2"})
            page_ms = (time.perf_counter() - started) * 1000
        assert response.status_code == 302, response.content[:500]
        assert Amendment.objects.filter(merged_into__number=2).count() == accepted
        del timezone
        print(
            f"issuing Rev.2 with {accepted} accepted amendments merged "
            f"(page, POST): {page_ms:.0f} ms (budget 1,000 ms)"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
