"""C1: kill -9 during a stream of writes, round after round — nothing acknowledged is lost.

A live installation (``live_writes``: the production server on a SQLite file in WAL mode with
IMMEDIATE transactions, and the task worker that signs the log's checkpoints) takes a stream of
negotiation writes over HTTP from six client threads. At a random moment of each round the
server's whole process group gets SIGKILL; in every second round the worker gets one first.
Then, with the server dead: ``PRAGMA integrity_check`` is ok; every write the server
acknowledged is there (each revision by number and text, each amendment, each position, each
with its event); the event log runs 1 … n without a gap; ``cadec export-log`` exports exactly
those n events and ``cadec verify-log --key`` (pinned to the installation's key file,
``--previous`` the last round's bundle: the log only grew) exits 0. The server restarts on the
same file and the stream goes on.

5 rounds here; ``CADEC_KILL9_ROUNDS`` sets more (2 at least) for a longer run and
``CADEC_KILL9_SEED`` replays a run's moments.
"""

import os
import random
import time

import pytest

from tests.trust import live_writes

ROUNDS = int(os.environ.get("CADEC_KILL9_ROUNDS", "5"))
SEED = int(os.environ.get("CADEC_KILL9_SEED", str(random.SystemRandom().randrange(10**6))))

pytestmark = pytest.mark.timeout(120 + 45 * ROUNDS)


def test_kill_9_in_a_stream_of_writes_loses_no_acknowledged_write(negotiation_template, tmp_path):
    assert ROUNDS >= 2, "CADEC_KILL9_ROUNDS: 2 rounds at least (the worker dies in the second)"
    moments = random.Random(SEED)  # noqa: S311 (chooses the moments of the kills, not secrets)
    print(f"\nC1: {ROUNDS} rounds, CADEC_KILL9_SEED={SEED}")
    with live_writes.installation(negotiation_template, tmp_path / "data") as site:
        document = site.seed["document"]
        stream = live_writes.WriteStream(port=site.port, seed=site.seed)
        previous_bundle = None
        worker_kills = 0
        exported_sizes = set()
        started = time.monotonic()
        site.start_worker()
        site.start_server()
        stream.start()
        try:
            for number in range(1, ROUNDS + 1):
                # The round's writes: at least one acknowledged, then a random while more.
                stream.wait_for_acknowledged(len(stream.acknowledged()) + 1, within=60)
                kill_at = time.monotonic() + moments.uniform(0.3, 2.5)
                if number % 2 == 0:
                    time.sleep(moments.uniform(0, kill_at - time.monotonic()))
                    site.kill_worker()
                    worker_kills += 1
                time.sleep(max(0.0, kill_at - time.monotonic()))
                site.kill_server()
                stream.pause()  # each client has learnt how its write in flight ended

                writes = stream.snapshot()
                assert stream.errors == []
                assert live_writes.integrity(site.database) == "ok"
                assert (
                    live_writes.missing_writes(site.database, seed=site.seed, writes=writes) == []
                )
                assert live_writes.log_gaps(site.database, document_id=document) is None
                size = live_writes.events(site.database, document_id=document)
                bundle = tmp_path / f"log-{number}.json"
                export = live_writes.start_export(site, out=bundle)
                if number < ROUNDS:  # the next round's server starts while the log is exported
                    if not site.worker_running():
                        site.start_worker()
                    site.start_server()
                exported = live_writes.finish(export, timeout=180)
                assert exported.returncode == 0, exported.stderr
                assert live_writes.bundle_events(bundle) == size
                if number < ROUNDS:
                    stream.resume()
                verified = live_writes.verify(site, bundle, previous=previous_bundle)
                assert verified.returncode == 0, verified.stdout + verified.stderr
                exported_sizes.add(size)
                previous_bundle = bundle

                tally = live_writes.counts(writes)
                in_flight = [w for w in writes if w.status is None]
                committed = live_writes.committed_in_flight(site.database, writes=in_flight)
                print(
                    f"  round {number}: {tally['acknowledged']} writes acknowledged so far, "
                    f"{len(in_flight)} unanswered at a kill ({committed} of them committed), "
                    f"log of {size} events verified"
                )
        finally:
            stream.stop()
            site.stop()
        seconds = time.monotonic() - started

        tally = live_writes.counts(stream.snapshot())
        assert min(tally["edit"], tally["amendment"], tally["position"]) > 0, tally
        assert worker_kills >= 1
        # The worker signed checkpoints between its kills: an export signs only at its own size.
        signed = live_writes.checkpoint_sizes(site.database, document_id=document)
        assert signed - exported_sizes, (signed, exported_sizes)
    print(
        f"C1: {ROUNDS} rounds survived in {seconds:.0f} s ({site.servers_started} server starts, "
        f"{worker_kills} worker kills); {tally['acknowledged']} writes acknowledged "
        f"({tally['edit']} edits, {tally['amendment']} amendments, {tally['position']} "
        f"positions), {tally['412']} refused with 412, {tally['unanswered']} unanswered at a "
        "kill; lost: 0"
    )
