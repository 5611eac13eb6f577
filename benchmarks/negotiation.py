"""Benchmark: a negotiation of 300 paragraphs × 2,000 amendments × 11 delegations.

    uv run python benchmarks/negotiation.py [--paragraphs 300] [--amendments 2000] [--runs 7]
    uv run python benchmarks/negotiation.py --log-only [--log-events 100000]

Budgets (DESIGN.md): the compilation view ≤ 300 ms of server time; issuing a revision ≤ 1 s;
verifying a 100k-event log ≤ 5 s.

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

Then, with no database (``--log-only`` runs this part alone), it builds a synthetic log of
``--log-events`` events the way a long negotiation writes them — the import of 300 paragraphs,
then tabled amendments, published positions, edits, recommendations, and a version issued every
10,000 events with its SHA-256 — signs a checkpoint every ``--checkpoint-every`` events (Ed25519,
C2SP notes), writes the bundle to a file and times ``cadec verify-log`` on it with the key
pinned (reading the file, canonical JSON and leaf hashes, the Merkle tree and every checkpoint's
root and signature, the replay of every version), median and worst of ``--log-runs`` runs. It
also times the canonical JSON of all records through ``rfc8785.dumps`` alone, for comparison.

It prints the figures and stops by itself. With ``CADEC_PROFILE=1`` it also prints a profile of
issuing Rev.1.
"""

import argparse
import io
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


def synthetic_log(events: int, every: int, rng: random.Random) -> tuple[dict, str]:
    """A signed log bundle of ``events`` events, built without the database; and its key id."""
    sys.path.insert(0, str(ROOT))
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from cadec.negotiation import canonical, verify

    symbol = "BENCH/2020/LOG"
    codes = ["BRN", "CHN", "IDN", "KHM", "LAO", "MMR", "MYS", "PHL", "SGP", "THA", "VNM"]
    start = datetime(2020, 6, 12, 2, 0, tzinfo=UTC)
    state = {
        f"p{n}": {
            "key": f"p{n}",
            "kind": "OPERATIVE",
            "level": 0,
            "label": f"{n}.",
            "text": f"Members will {' '.join(rng.sample(WORDS, 12))} [{rng.choice(WORDS)}].",
            "holders": {"0": [codes[n % 11]]},
        }
        for n in range(1, 301)
    }
    order = list(state)
    actor = {"role": "DELEGATION", "organisation": "VNM"}
    records = [
        canonical.event_record(
            sequence=1,
            kind="document.imported",
            created_at=canonical.utc_timestamp(start),
            payload={
                "schema": 1,
                "actor": {"role": "CHAIR", "organisation": "VNM"},
                "symbol": symbol,
                "title": "Benchmark action plan",
                "note": "",
                "deadline": "2020-12-31T17:00:00+00:00",
                "framework": "asean-china",
                "source": {"name": "benchmark.txt", "sha256": "0" * 64},
                "paragraphs": [{**state[k], "status": "BRACKETED"} for k in order],
            },
        )
    ]
    version = 0
    payload: dict[str, object]
    for sequence in range(2, events + 1):
        key = order[sequence % len(order)]
        code = codes[sequence % len(codes)]
        roll = sequence % 50
        if sequence % 10_000 == 0:
            content = canonical.version_content(
                symbol=symbol, number=version, paragraphs=[state[k] for k in order]
            )
            kind = "version.issued"
            payload = {
                "version": version,
                "note": "",
                "merged": [],
                "changed": [],
                "added": [],
                "removed": [],
                "order": list(order),
                "content_sha256": canonical.sha256(content),
            }
            version += 1
        elif roll < 20:
            kind = "amendment.tabled"
            payload = {
                "amendment": f"A-{sequence}",
                "key": key,
                "base_revision": 1,
                "base_version": version,
                "kind": "REPLACE",
                "whole_paragraph": False,
                "start": 13,
                "end": 20,
                "target": rng.choice(WORDS),
                "text": f"{rng.choice(WORDS)} {rng.choice(WORDS)}",
                "delegation": code,
            }
        elif roll < 40:
            kind = "position.stated"
            payload = {
                "subject": f"paragraph:{key}",
                "delegation": code,
                "stance": rng.choice(["SUPPORT", "CAN_ACCEPT", "RESERVATION", "OBJECT"]),
                "reason": "Instructions from the capital." if roll % 3 == 0 else "",
                "on_revision": 1,
                "status": None,
            }
        elif roll < 45:
            state[key] = {**state[key], "text": state[key]["text"] + f" ({rng.choice(WORDS)})"}
            kind = "paragraph.edited"
            payload = {
                "revision": sequence,
                "status": "BRACKETED",
                **state[key],
            }
        else:
            kind = "amendment.recommended"
            payload = {
                "amendment": f"A-{sequence - roll}",
                "recommendation": rng.choice(["ACCEPT", "REJECT"]),
                "note": "",
            }
        records.append(
            canonical.event_record(
                sequence=sequence,
                kind=kind,
                created_at=canonical.utc_timestamp(start + timedelta(seconds=sequence)),
                payload={"schema": 1, "actor": actor, **payload},
            )
        )
    key = Ed25519PrivateKey.generate()
    origin = canonical.log_origin(host="cadec.example", symbol=symbol)
    tree = canonical.merkle_tree(records)
    checkpoints = []
    for size in [*range(every, events + 1, every), *([events] if events % every else [])]:
        signed = canonical.sign_checkpoint(
            private_key=key, origin=origin, tree_size=size, root_sha256=tree.get_root(size).hex()
        )
        checkpoints.append(
            {
                "tree_size": size,
                "root_sha256": signed.root_sha256,
                "note": signed.note,
                "signature": signed.signature,
                "key_id": signed.key_id,
                "created_at": records[size - 1]["created_at"],
                "signed_note": signed.signed_note,
            }
        )
    bundle = verify.assemble(
        symbol=symbol,
        origin=origin,
        public_key=canonical.raw_public_key(key),
        records=records,
        checkpoints=checkpoints,
        adopted=None,
        exported_at=canonical.utc_timestamp(start + timedelta(days=200)),
    )
    return bundle, bundle["key_id"]


def verify_log_benchmark(*, events: int, every: int, runs: int) -> None:
    """Time ``cadec verify-log`` on a synthetic log of ``events`` events (no database)."""
    import json

    started = time.perf_counter()
    bundle, key_id = synthetic_log(events, every, random.Random(20201231))
    from cadec.negotiation import canonical, verify

    with tempfile.TemporaryDirectory(prefix="cadec-bench-log-") as tmp:
        path = Path(tmp) / "log.json"
        path.write_text(json.dumps(bundle, ensure_ascii=False))
        size = path.stat().st_size
        print(
            f"built a log of {events:,} events with {len(bundle['checkpoints']):,} signed "
            f"checkpoints ({size / 2**20:.0f} MiB) in {time.perf_counter() - started:.1f} s"
        )
        args = verify.build_parser().parse_args([str(path), "--key", key_id])
        times = []
        for _run in range(runs):
            output = io.StringIO()
            started = time.perf_counter()
            status = verify.run(args, out=output, err=output)
            times.append(time.perf_counter() - started)
            assert status == 0, output.getvalue()
        fields = ("sequence", "kind", "created_at", "payload")
        records = [canonical.event_record(**{k: e[k] for k in fields}) for e in bundle["events"]]
    import rfc8785

    started = time.perf_counter()
    for record in records:
        rfc8785.dumps(record)
    slow = time.perf_counter() - started
    started = time.perf_counter()
    for record in records:
        canonical.canonical_json(record)
    fast = time.perf_counter() - started
    print(
        f"verify-log of {events:,} events, {len(bundle['checkpoints']):,} checkpoints: "
        f"median {statistics.median(times):.2f} s, worst {max(times):.2f} s over {runs} runs "
        "(budget 5 s)"
    )
    print(
        f"canonical JSON of the {events:,} records: {fast:.2f} s (rfc8785.dumps alone: "
        f"{slow:.2f} s)"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--paragraphs", type=int, default=300)
    parser.add_argument("--amendments", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--log-events", type=int, default=100_000)
    parser.add_argument("--checkpoint-every", type=int, default=100)
    parser.add_argument("--log-runs", type=int, default=3)
    parser.add_argument(
        "--log-only", action="store_true", help="only the log verification (no database)"
    )
    args = parser.parse_args()
    if args.log_only:
        verify_log_benchmark(
            events=args.log_events, every=args.checkpoint_every, runs=args.log_runs
        )
        return 0

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
    verify_log_benchmark(events=args.log_events, every=args.checkpoint_every, runs=args.log_runs)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
