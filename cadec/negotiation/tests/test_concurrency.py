"""D1 over real HTTP: 8 threads × 25 edits of one paragraph, each read-then-write with If-Match.

A write based on a stale read must get 412 and change nothing; every acknowledged write must
be in the version history, and the final text must hold every acknowledged word. (A plain
read-edit-save form lost 385–393 of 400 such edits on these machines: TRUST.md.)

The server is a real one in a process of its own, on a SQLite *file* in WAL mode with IMMEDIATE
transactions, as configured for production. pytest-django's ``live_server`` cannot stand in
here: with SQLite it serves the in-memory test database through one connection shared by all
its threads, so concurrent transactions would interleave on that connection ("database table is
locked") — a property of the test harness, not of CADEC.
"""

import http.client
import json
import sqlite3
import threading
from collections import Counter

import pytest

from cadec.negotiation.tests import live

THREADS, EDITS = 8, 25

pytestmark = pytest.mark.timeout(180)

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
from cadec.negotiation.tests import factories
framework = load_reference_configuration(now=people.NOW)
chair = people.person(username="chair.2020", organisation=people.delegation(framework, "VNM"),
                      role="CHAIR")
secretariat = people.person(username="secretariat", role="SECRETARIAT",
                            organisation=people.organisation(framework, "SECRETARIAT"))
document = factories.document(framework, chair)
_token, raw = services.create_api_token(
    viewer=viewer_for(user=secretariat, on=timezone.now().date()), name="concurrency",
    now=timezone.now(), lifetime=timedelta(hours=1))
print(json.dumps({"token": raw, "paragraph": factories.paragraph(document, "3.").pk}))
"""


@pytest.fixture
def server(tmp_path):  # type: ignore[no-untyped-def]
    """A CADEC server on a fresh SQLite file, with one document and a Secretariat token."""
    with live.seeded_server(tmp_path, SEED) as running:
        yield running


def test_concurrent_edits_of_one_paragraph_lose_nothing(server):
    path = f"/api/v1/negotiation/paragraphs/{server['paragraph']}"
    headers = {"Authorization": f"Bearer {server['token']}", "Content-Type": "application/json"}
    outcomes: Counter[int] = Counter()
    acknowledged: list[tuple[str, int]] = []  # (word, revision it wrote)
    lock = threading.Lock()

    def editor(number: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", server["port"], timeout=60)
        try:
            for edit in range(EDITS):
                connection.request("GET", path, headers=headers)
                read = connection.getresponse()
                current = json.loads(read.read())
                word = f"w{number}x{edit}"
                connection.request(
                    "PUT",
                    path,
                    body=json.dumps({"text": f"{current['markup']} {word}"}),
                    headers={**headers, "If-Match": read.headers["ETag"]},
                )
                written = connection.getresponse()
                answer = json.loads(written.read())
                with lock:
                    outcomes[written.status] += 1
                    if written.status == 200:
                        acknowledged.append((word, answer["revision"]))
        finally:
            connection.close()

    threads = [threading.Thread(target=editor, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert set(outcomes) <= {200, 412}, outcomes
    assert outcomes[200] + outcomes[412] == THREADS * EDITS
    assert outcomes[200] == len(acknowledged) >= 1
    with sqlite3.connect(server["database"]) as db:
        history = dict(
            db.execute(
                "SELECT number, text FROM negotiation_paragraphrevision WHERE paragraph_id = ?",
                (server["paragraph"],),
            ).fetchall()
        )
        (revision,) = db.execute(
            "SELECT revision FROM negotiation_paragraph WHERE id = ?", (server["paragraph"],)
        ).fetchone()
    final = history[revision]
    # 0 lost updates: every acknowledged word is in the final text and in the revision it made
    assert [word for word, _revision in acknowledged if word not in final] == []
    assert all(word in history[number] for word, number in acknowledged)
    assert len(history) == revision == outcomes[200] + 1  # the first, then one per success
    print(f"\n{THREADS}×{EDITS} edits: {outcomes[200]} acknowledged, {outcomes[412]} × 412, 0 lost")
