"""D3: once-only actions under parallel requests — breaking a silence, adopting, endorsing.

Over real HTTP against a server of its own on a SQLite file (see ``live``): heads of five
delegations break the same silence at once, the chair sends the adoption eight times at once,
a head sends the same endorsement eight times at once. Exactly one of each lands, with one
event; the others are told why (409). On PostgreSQL the same races run in threads of this
process, each on its own database connection.
"""

import http.client
import json
import sqlite3
import threading
from collections import Counter
from datetime import timedelta

import pytest
from django.db import connection, connections

from cadec.negotiation.tests import live

pytestmark = pytest.mark.timeout(180)

HEADS = ("vnm", "tha", "idn", "sgp", "chn")
SEED = """
import json
from datetime import timedelta
import django
django.setup()
from django.core.management import call_command
from django.utils import timezone
call_command("migrate", interactive=False, verbosity=0)
from cadec.members import services
from cadec.members.reference import load_reference_configuration
from cadec.members.selectors import viewer_for
from cadec.members.tests import factories as people
from cadec.negotiation import adoption
from cadec.negotiation.tests import factories
from cadec.negotiation.tests.test_adoption import CLEAN
framework = load_reference_configuration(now=people.NOW)
chair = people.person(username="chair.2020", organisation=people.delegation(framework, "VNM"),
                      role="CHAIR")
today = timezone.now()
def token(user):
    return services.create_api_token(viewer=viewer_for(user=user, on=today.date()), name="race",
                                     now=today, lifetime=timedelta(hours=1))[1]
heads = {code: token(people.person(username=f"{code}.head", role="HEAD_OF_DELEGATION",
                                   organisation=people.delegation(framework, code.upper())))
         for code in HEADS}
silent = factories.document(framework, chair, symbol="RACE/1", paragraphs=CLEAN)
to_adopt = factories.document(framework, chair, symbol="RACE/2", paragraphs=CLEAN)
# The chair of today: the API acts on today's date, so the chair persona must hold it today.
from cadec.members.selectors import chair_on
seat = chair_on(framework=framework, on=today.date())
today_chair = people.person(username="chair.today", role="CHAIR",
                            organisation=people.delegation(framework, seat.country.iso3),
                            start_date=today.date() - timedelta(days=1))
silence = adoption.start_silence(viewer=viewer_for(user=today_chair, on=today.date()),
                                 document=silent, now=today)
print(json.dumps({"heads": heads, "chair": token(today_chair), "silence": silence.pk,
                  "silent": silent.pk, "to_adopt": to_adopt.pk}))
""".replace("HEADS}", f"{HEADS!r}}}")


@pytest.fixture
def server(tmp_path):  # type: ignore[no-untyped-def]
    with live.seeded_server(tmp_path, SEED) as running:
        yield running


def _race(port: int, requests: list[tuple[str, str, dict]]) -> Counter[int]:
    """Send every (token, path, body) POST at the same moment, one thread each."""
    outcomes: Counter[int] = Counter()
    lock = threading.Lock()
    barrier = threading.Barrier(len(requests))

    def send(token: str, path: str, body: dict) -> None:
        client = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        try:
            barrier.wait()
            client.request(
                "POST",
                path,
                body=json.dumps(body),
                headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
            )
            status = client.getresponse().status
        finally:
            client.close()
        with lock:
            outcomes[status] += 1

    threads = [threading.Thread(target=send, args=request) for request in requests]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def _count(database, sql: str, *args: object) -> int:  # type: ignore[no-untyped-def]
    with sqlite3.connect(database) as db:
        return int(db.execute(sql, args).fetchone()[0])


def test_parallel_breaks_adoptions_and_endorsements_land_once(server):
    port, database = server["port"], server["database"]
    breaks = _race(
        port,
        [
            (token, f"/api/v1/negotiation/silences/{server['silence']}/break", {"reason": code})
            for code, token in server["heads"].items()
        ]
        + [
            (
                server["heads"]["vnm"],
                f"/api/v1/negotiation/silences/{server['silence']}/break",
                {"reason": "again"},
            )
        ],
    )
    assert breaks == {200: 1, 409: len(HEADS)}, breaks
    assert (
        _count(
            database,
            "SELECT COUNT(*) FROM negotiation_event WHERE document_id = ? AND kind = ?",
            server["silent"],
            "silence.broken",
        )
        == 1
    )

    adoptions = _race(
        port,
        [(server["chair"], f"/api/v1/negotiation/documents/{server['to_adopt']}/adopt", {})] * 8,
    )
    assert adoptions == {200: 1, 409: 7}, adoptions
    assert _count(database, "SELECT COUNT(*) FROM negotiation_adoption") == 1
    with sqlite3.connect(database) as db:
        (sha,) = db.execute("SELECT content_sha256 FROM negotiation_adoption").fetchone()
    endorsements = _race(
        port,
        [
            (
                server["heads"]["tha"],
                f"/api/v1/negotiation/documents/{server['to_adopt']}/endorsements",
                {"content_sha256": sha},
            )
        ]
        * 8,
    )
    assert endorsements == {200: 1, 409: 7}, endorsements
    assert (
        _count(
            database,
            "SELECT COUNT(*) FROM negotiation_event WHERE kind IN (?, ?)",
            "document.adopted",
            "adoption.endorsed",
        )
        == 2
    )


@pytest.mark.django_db(transaction=True)
def test_parallel_breaks_land_once_on_postgresql(framework, chair_2020):  # type: ignore[no-untyped-def]
    if connection.vendor != "postgresql":
        pytest.skip("SQLite runs this race over HTTP above (one writer at a time by design)")
    from cadec.core.errors import Conflict
    from cadec.members.tests.factories import NOW
    from cadec.negotiation import adoption
    from cadec.negotiation.models import Event, SilenceProcedure
    from cadec.negotiation.tests import factories
    from cadec.negotiation.tests.test_adoption import CLEAN
    from conftest import _make

    heads = [
        factories.viewer(_make(framework, f"{code}.head", code.upper(), "HEAD_OF_DELEGATION"))
        for code in HEADS
    ]
    document = factories.document(framework, chair_2020, symbol="RACE/PG", paragraphs=CLEAN)
    silence = adoption.start_silence(
        viewer=factories.viewer(chair_2020), document=document, now=NOW
    )
    outcomes: Counter[str] = Counter()
    lock = threading.Lock()
    barrier = threading.Barrier(len(heads))

    def break_it(viewer) -> None:  # type: ignore[no-untyped-def]
        try:
            barrier.wait()
            adoption.break_silence(
                viewer=viewer, silence=silence, reason="race", now=NOW + timedelta(hours=1)
            )
            outcome = "broken"
        except Conflict:
            outcome = "conflict"
        finally:
            connections.close_all()
        with lock:
            outcomes[outcome] += 1

    threads = [threading.Thread(target=break_it, args=(v,)) for v in heads]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes == {"broken": 1, "conflict": len(heads) - 1}
    assert Event.objects.filter(document=document, kind="silence.broken").count() == 1
    assert SilenceProcedure.objects.get(pk=silence.pk).status == "BROKEN"
