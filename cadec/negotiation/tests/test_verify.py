"""U1, U2: ``cadec verify-log`` checks a downloaded log offline, and every kind of tampering —
edit, delete, reorder, insert, truncate, re-sign with another key, split view — is detected and
named.

The logs are exported once for the module from the reference negotiation (ACDEC/2020/1 at
Rev.1), played through the services: ``earlier`` as downloaded in September 2020, ``later``
after a paragraph was added and Rev.2 issued, three ``forks`` of ``later`` that the server could
show to different members, and a small adopted text. Each test tampers with a copy.
"""

import base64
import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import load_pem_private_key
from django.db import connection, transaction
from django.test import override_settings

from cadec.members import demo
from cadec.members.models import User
from cadec.members.reference import load_reference_configuration
from cadec.members.tests.factories import NOW
from cadec.negotiation import adoption, canonical, ledger, reference, services, verify
from cadec.negotiation.tests import factories

# The module's logs are built once, in a transaction rolled back at the end; the mark makes the
# session set up the test database even when only this module runs.
pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[3]
SEPTEMBER = datetime(2020, 9, 30, 3, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Logs:
    earlier: dict[str, Any]
    later: dict[str, Any]
    fork_a: dict[str, Any]  # later + paragraph "X", signed at n + 1
    fork_b: dict[str, Any]  # later + paragraphs "Y" and "Z", signed at n + 2 only
    fork_c: dict[str, Any]  # later + paragraph "W", signed at n + 1
    adopted: dict[str, Any]
    key_id: str
    key_file: Path


def _export(document: Any, now: datetime) -> dict[str, Any]:
    return json.loads(ledger.export_log(document=document, now=now).content)


@pytest.fixture(scope="module")
def logs(django_db_setup, django_db_blocker, tmp_path_factory) -> Logs:  # type: ignore[no-untyped-def]
    key_file = tmp_path_factory.mktemp("keys") / "negotiation-signing-key.pem"
    name = str(connection.settings_dict["NAME"])
    assert "memory" in name or "test" in name, f"not a test database: {name}"
    with (
        override_settings(CADEC_SIGNING_KEY_FILE=key_file),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        framework = load_reference_configuration(now=NOW)
        demo.create_personas(framework=framework, now=NOW)
        document = reference.load_reference_document(framework=framework)
        earlier = _export(document, SEPTEMBER)
        chair_user = User.objects.get(username="chair.2020")
        chair = factories.viewer(chair_user, on=date(2020, 10, 1))

        def add(text: str, minutes: int) -> None:
            services.add_paragraph(
                viewer=chair,
                document=document,
                kind="OPERATIVE",
                markup=text,
                now=SEPTEMBER + timedelta(days=1, minutes=minutes),
            )

        add("Members will report on progress at the end of each year.", 0)
        services.issue_revision(viewer=chair, document=document, now=SEPTEMBER + timedelta(days=2))
        later = _export(document, SEPTEMBER + timedelta(days=2, hours=1))
        forks = []
        for texts in (["X marks the spot."], ["Y is asked.", "Z is answered."], ["W wins."]):
            with transaction.atomic():
                for minute, text in enumerate(texts):
                    add(text, 60 * 24 * 3 + minute)
                forks.append(_export(document, SEPTEMBER + timedelta(days=4)))
                transaction.set_rollback(True)
        clean = factories.document(
            framework,
            chair_user,
            symbol="ACDEC/2020/T3",
            paragraphs=[("OPERATIVE", "1.", "Members will meet every year.")],
        )
        adoption.adopt(viewer=factories.viewer(chair_user), document=clean, now=NOW)
        adopted = _export(clean, NOW + timedelta(hours=1))
        key_id = ledger.key_id()
        transaction.set_rollback(True)
    return Logs(earlier, later, *forks, adopted=adopted, key_id=key_id, key_file=key_file)


# Tampering helpers: what a forger would do to cover their tracks -----------------------------


def copy(bundle: dict[str, Any]) -> dict[str, Any]:
    return json.loads(json.dumps(bundle))


def relabel(bundle: dict[str, Any]) -> dict[str, Any]:
    """Recompute every event's leaf hash from its content."""
    records = [
        canonical.event_record(**{k: e[k] for k in ("sequence", "kind", "created_at", "payload")})
        for e in bundle["events"]
    ]
    tree = canonical.merkle_tree(records)
    for index, event in enumerate(bundle["events"], start=1):
        event["leaf_sha256"] = tree.get_leaf(index).hex()
    return bundle


def renumber(bundle: dict[str, Any]) -> dict[str, Any]:
    for index, event in enumerate(bundle["events"], start=1):
        event["sequence"] = index
    return relabel(bundle)


def resign(
    bundle: dict[str, Any], key: Ed25519PrivateKey, *, replace_key: bool = True
) -> dict[str, Any]:
    """Sign checkpoints of the bundle's events as they now stand, at the same sizes."""
    records = [
        canonical.event_record(**{k: e[k] for k in ("sequence", "kind", "created_at", "payload")})
        for e in bundle["events"]
    ]
    tree = canonical.merkle_tree(records)
    sizes = [c["tree_size"] for c in bundle["checkpoints"] if c["tree_size"] <= len(records)]
    bundle["checkpoints"] = []
    for size in sizes:
        signed = canonical.sign_checkpoint(
            private_key=key,
            origin=bundle["origin"],
            tree_size=size,
            root_sha256=tree.get_root(size).hex(),
        )
        bundle["checkpoints"].append(
            {
                "tree_size": size,
                "root_sha256": signed.root_sha256,
                "note": signed.note,
                "signature": signed.signature,
                "key_id": signed.key_id,
                "created_at": "2020-10-01T00:00:00.000000Z",
                "signed_note": signed.signed_note,
            }
        )
    if replace_key:
        public = canonical.raw_public_key(key)
        bundle["public_key"] = base64.b64encode(public).decode()
        bundle["key_id"] = canonical.key_id(public)
    return bundle


def the_real_key(logs: Logs) -> Ed25519PrivateKey:
    key = load_pem_private_key(logs.key_file.read_bytes(), password=None)
    assert isinstance(key, Ed25519PrivateKey)
    return key


def failure(bundle: dict[str, Any], **options: Any) -> str:
    with pytest.raises(verify.Failed) as raised:
        verify.verify(bundle, **options)
    return str(raised.value)


def position_of(bundle: dict[str, Any], kind: str, nth: int = 0) -> int:
    """The sequence number of the ``nth`` event of a kind."""
    return [e["sequence"] for e in bundle["events"] if e["kind"] == kind][nth]


def named_range(message: str) -> tuple[int, int]:
    found = re.match(r"events #(\d+)–#(\d+): the Merkle root", message)
    assert found, message
    return int(found[1]), int(found[2])


# What verifies ------------------------------------------------------------------------------


def test_the_exported_logs_verify_with_the_key_pinned_and_against_the_earlier_one(logs):
    report = verify.verify(logs.later, key=logs.key_id, previous=logs.earlier)
    assert report.symbol == "ACDEC/2020/1"
    assert report.events == len(logs.later["events"]) > len(logs.earlier["events"])
    assert report.versions == [0, 1, 2]
    assert report.checkpoints == 2
    assert report.previous == [len(logs.earlier["events"])]
    described = verify.describe(report)
    assert "Zero draft, Rev.1, Rev.2 rebuilt" in described
    assert "pinned with --key" in described
    for fork in (logs.fork_a, logs.fork_b, logs.fork_c):
        assert verify.verify(fork, key=logs.key_id, previous=logs.later).events > report.events


def test_the_key_may_be_pinned_by_its_public_key_or_the_start_of_its_id(logs):
    assert verify.verify(logs.earlier, key=logs.earlier["public_key"]).pinned
    assert verify.verify(logs.earlier, key=logs.key_id[:16].upper()).pinned
    with pytest.raises(verify.Unusable, match="--key"):
        verify.verify(logs.earlier, key="abc")


def test_the_adopted_text_is_checked_against_the_version_it_adopts(logs):
    report = verify.verify(logs.adopted, key=logs.key_id)
    assert report.adopted is not None
    assert report.adopted["content_sha256"] == logs.adopted["adopted"]["content_sha256"]
    assert "adopted      Zero draft, SHA-256" in verify.describe(report)


# Edit ---------------------------------------------------------------------------------------


def test_an_edited_event_is_named(logs):
    bundle = copy(logs.later)
    target = position_of(bundle, "amendment.tabled", 2)
    bundle["events"][target - 1]["payload"]["text"] = "something else entirely"
    assert failure(bundle).startswith(
        f"event #{target} (amendment.tabled): its content does not match its leaf hash"
    )


def test_an_edited_event_with_its_leaf_hash_redone_breaks_the_root_around_it(logs):
    bundle = copy(logs.later)
    target = position_of(bundle, "amendment.tabled", 2)
    bundle["events"][target - 1]["payload"]["text"] = "something else entirely"
    message = failure(relabel(bundle))
    first, last = named_range(message)
    assert first <= target <= last
    assert "changed, removed, inserted or reordered" in message


def test_an_edit_signed_with_the_right_key_still_fails_the_replay(logs):
    # Even the server itself cannot change a text without breaking the version's SHA-256.
    bundle = copy(logs.earlier)
    target = position_of(bundle, "paragraph.added", 3)
    bundle["events"][target - 1]["payload"]["text"] += " (quietly changed)"
    message = failure(resign(relabel(bundle), the_real_key(logs)), key=logs.key_id)
    issued = position_of(bundle, "version.issued")
    assert message == (
        f"event #{issued} (version.issued): version 0: the SHA-256 of the rebuilt text differs"
    )


def test_a_changed_adopted_text_is_named(logs):
    bundle = copy(logs.adopted)
    bundle["adopted"]["paragraphs"][0]["text"] = "Members will meet when convenient."
    assert failure(bundle).startswith("adopted: the text the bundle carries is not the one")
    # Changed in the signed event too, and signed with the right key: the replay refuses it.
    bundle = copy(logs.adopted)
    target = position_of(bundle, "document.adopted")
    bundle["events"][target - 1]["payload"]["paragraphs"][0]["text"] = "Members may meet."
    message = failure(resign(relabel(bundle), the_real_key(logs)))
    assert message.startswith(f"event #{target} (document.adopted): the adopted text differs")


# Delete, reorder, insert --------------------------------------------------------------------


def test_a_deleted_event_is_named(logs):
    bundle = copy(logs.later)
    target = position_of(bundle, "position.stated", 1)
    del bundle["events"][target - 1]
    assert failure(bundle).startswith(
        f"event #{target} is missing: the log goes from #{target - 1} to #{target + 1}"
    )


def test_a_deleted_event_with_the_rest_renumbered_breaks_the_root_around_it(logs):
    bundle = copy(logs.later)
    target = position_of(bundle, "position.stated", 1)
    del bundle["events"][target - 1]
    first, last = named_range(failure(renumber(bundle)))
    assert first <= target <= last


def test_two_reordered_events_are_named(logs):
    bundle = copy(logs.later)
    target = position_of(bundle, "amendment.tabled", 1)
    events = bundle["events"]
    events[target - 1], events[target] = events[target], events[target - 1]
    assert failure(bundle).startswith(
        f"event #{target + 1} is out of order: it stands where #{target} belongs, and "
        f"#{target} comes after it"
    )
    first, last = named_range(failure(renumber(bundle)))
    assert first <= target <= last


def test_a_forged_event_at_the_end_is_not_covered_by_a_signature(logs):
    bundle = copy(logs.later)
    size = len(bundle["events"])
    forged = dict(bundle["events"][-1], sequence=size + 1, kind="amendment.withdrawn")
    forged["payload"] = {"schema": 1, "actor": {"role": "DELEGATION", "organisation": "THA"}}
    bundle["events"].append(forged)
    assert failure(relabel(bundle)) == (
        f"events #{size + 1}–#{size + 1}: no signed checkpoint covers them "
        f"(the last one covers {size} events)"
    )


def test_a_forged_event_inserted_in_the_middle_is_found(logs):
    bundle = copy(logs.later)
    target = position_of(bundle, "version.issued", 1)
    forged = copy(bundle["events"][target - 2])
    forged["payload"]["text"] = "Forged."
    bundle["events"].insert(target - 1, forged)
    assert failure(bundle).startswith(f"event #{target - 1} is out of order or repeated")
    first, last = named_range(failure(renumber(bundle)))
    assert first <= target <= last


# Truncate -----------------------------------------------------------------------------------


def test_events_cut_off_under_a_checkpoint_are_reported_as_truncation(logs):
    bundle = copy(logs.later)
    size = len(bundle["events"])
    del bundle["events"][-3:]
    assert failure(bundle) == (
        f"checkpoint at {size} events: the log has only {size - 3} events; events "
        f"#{size - 2}–#{size} were removed (the log is truncated)"
    )


def test_a_log_truncated_with_its_checkpoints_fails_against_the_earlier_bundle(logs):
    bundle = copy(logs.later)
    kept = bundle["checkpoints"][0]["tree_size"]
    del bundle["events"][kept:]
    del bundle["checkpoints"][1:]
    bundle["adopted"] = None
    # On its own, a shorter log is a log: it is the earlier bundle that proves what was cut.
    assert verify.verify(bundle, key=logs.key_id).events == kept
    size = len(logs.later["events"])
    assert failure(bundle, previous=logs.later) == (
        f"earlier checkpoint at {size} events: this log has only {kept} events; events "
        f"#{kept + 1}–#{size}, signed before, were removed (the log is truncated)"
    )


# Re-sign with another key -------------------------------------------------------------------


def test_a_log_re_signed_with_another_key_fails_when_the_key_is_pinned(logs):
    bundle = copy(logs.later)
    target = position_of(bundle, "amendment.tabled", 0)
    bundle["events"][target - 1]["payload"]["text"] = "rewritten"
    forged = resign(relabel(bundle), Ed25519PrivateKey.generate())
    # The forgery is consistent in itself: only a key known beforehand tells it apart.
    assert verify.verify(forged).events == len(bundle["events"])
    assert failure(forged, key=logs.key_id).startswith(
        f"key: the checkpoints are signed by key {forged['key_id'][:16]}…, not by the pinned "
        f"key {logs.key_id[:16]}…"
    )
    assert failure(forged, key=logs.later["public_key"]).startswith("key: the checkpoints")
    assert failure(forged, previous=logs.earlier).startswith(
        f"key: the earlier bundle is signed by key {logs.key_id[:16]}…, this one by "
        f"{forged['key_id'][:16]}…: the log was re-signed with another key"
    )


def test_checkpoints_re_signed_without_replacing_the_key_do_not_verify(logs):
    bundle = resign(copy(logs.later), Ed25519PrivateKey.generate(), replace_key=False)
    size = bundle["checkpoints"][0]["tree_size"]
    assert failure(bundle).startswith(f"checkpoint at {size} events: signed by key")
    for checkpoint in bundle["checkpoints"]:
        checkpoint["key_id"] = logs.key_id
    assert failure(bundle) == (
        f"checkpoint at {size} events: the signature does not verify under key {logs.key_id[:16]}…"
    )


def test_a_checkpoint_whose_note_was_changed_is_named(logs):
    bundle = copy(logs.later)
    checkpoint = bundle["checkpoints"][0]
    size = checkpoint["tree_size"]
    checkpoint["note"] = checkpoint["note"].replace(f"\n{size}\n", f"\n{size + 1}\n")
    assert failure(bundle).startswith(f"checkpoint at {size} events: its signed note says")


# Split view and rewritten history -----------------------------------------------------------


def test_two_logs_of_the_same_size_with_different_roots_are_a_split_view(logs):
    size = len(logs.fork_a["events"])
    assert len(logs.fork_c["events"]) == size
    assert (
        logs.fork_a["checkpoints"][-1]["root_sha256"]
        != (logs.fork_c["checkpoints"][-1]["root_sha256"])
    )
    assert failure(logs.fork_c, previous=logs.fork_a, key=logs.key_id).startswith(
        f"earlier checkpoint at {size} events: split view: two checkpoints signed by the same "
        f"key for {size} events with different roots"
    )


def test_a_longer_log_that_does_not_extend_the_earlier_one_names_where_it_departs(logs):
    size = len(logs.fork_a["events"])
    message = failure(logs.fork_b, previous=logs.fork_a)
    assert message.startswith(f"earlier checkpoint at {size} events: it signs root")
    assert message.endswith(f"the history was rewritten from event #{size} on")


# The command, offline -----------------------------------------------------------------------


def run_offline(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """``cadec verify-log`` in a fresh process: no Django settings, no database, and Django
    itself made impossible to import."""
    program = (
        "import sys; sys.modules['django'] = None; "
        "from cadec.cli import main; sys.exit(main(sys.argv[1:]))"
    )
    return subprocess.run(  # noqa: S603 (our own interpreter, fixed arguments)
        [sys.executable, "-c", program, "verify-log", *args],
        cwd=cwd,
        env={"PATH": os.environ.get("PATH", ""), "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_verify_log_runs_offline_without_django_or_a_database(logs, tmp_path):
    files = tmp_path / "files"
    files.mkdir()
    good, bad, earlier = files / "later.json", files / "bad.json", files / "earlier.json"
    good.write_text(json.dumps(logs.later, ensure_ascii=False))
    earlier.write_text(json.dumps(logs.earlier))
    tampered = copy(logs.later)
    target = position_of(tampered, "paragraph.added", 1)
    tampered["events"][target - 1]["payload"]["text"] = "Altered."
    bad.write_text(json.dumps(tampered))
    empty = tmp_path / "empty"
    empty.mkdir()

    ok = run_offline(str(good), "--key", logs.key_id, "--previous", str(earlier), cwd=empty)
    assert ok.returncode == 0, ok.stderr
    assert "ACDEC/2020/1: the log verifies." in ok.stdout
    assert "Zero draft, Rev.1, Rev.2 rebuilt" in ok.stdout
    failed = run_offline(str(bad), cwd=empty)
    assert failed.returncode == 1, failed.stderr
    assert f"FAILED — event #{target} (paragraph.added): its content" in failed.stdout
    unreadable = run_offline(str(files / "missing.json"), cwd=empty)
    assert unreadable.returncode == 2
    assert "missing.json" in unreadable.stderr
    wrong_key = run_offline(str(good), "--key", "not-a-key", cwd=empty)
    assert wrong_key.returncode == 2
    assert "--key" in wrong_key.stderr
    assert list(empty.iterdir()) == []  # no settings, key or database file created


def test_a_file_that_is_not_a_log_is_refused_plainly(tmp_path, capsys):
    other = tmp_path / "other.json"
    other.write_text('{"hello": "world"}')
    args = verify.build_parser().parse_args([str(other)])
    assert verify.run(args) == 2
    assert "not a CADEC negotiation log" in capsys.readouterr().err
