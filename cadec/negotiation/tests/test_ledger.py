"""The Merkle log of a negotiation: RFC 6962 roots, signed checkpoints once per batch, the
bundle every member may download (U1, P1)."""

import base64
import hashlib
import json
import os
import stat
from datetime import timedelta
from unittest import mock

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from django.core.management import call_command
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from cadec import cli
from cadec.members import demo
from cadec.members.models import User
from cadec.members.tests.factories import NOW
from cadec.negotiation import canonical, ledger, reference, services, verify
from cadec.negotiation.models import Amendment, Checkpoint, Event, Position
from cadec.negotiation.tests import factories


@pytest.fixture(autouse=True)
def key_file(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.CADEC_SIGNING_KEY_FILE = tmp_path / "keys" / "negotiation-signing-key.pem"
    return settings.CADEC_SIGNING_KEY_FILE


def rfc6962_root(leaves: list[bytes]) -> bytes:
    """RFC 6962 §2.1 Merkle Tree Hash, written out from the RFC."""
    if len(leaves) == 1:
        return hashlib.sha256(b"\x00" + leaves[0]).digest()
    split = 1 << ((len(leaves) - 1).bit_length() - 1)  # the largest power of two below n
    left, right = rfc6962_root(leaves[:split]), rfc6962_root(leaves[split:])
    return hashlib.sha256(b"\x01" + left + right).digest()


def record(sequence: int) -> dict:
    return canonical.event_record(
        sequence=sequence,
        kind="paragraph.edited",
        created_at=f"2020-06-12T02:{sequence % 60:02d}:00.000000Z",
        payload={"key": f"p{sequence}", "text": f"Members will meet {sequence} times. 会议"},
    )


# The tree -----------------------------------------------------------------------------------


@pytest.mark.parametrize("size", [1, 2, 3, 4, 5, 7, 8, 9, 16, 17, 31, 100])
def test_the_root_is_the_rfc_6962_merkle_tree_hash_of_the_records(size):
    records = [record(n) for n in range(1, size + 1)]
    tree = canonical.merkle_tree(records)
    leaves = [canonical.canonical_json(r) for r in records]
    assert tree.get_root().hex() == rfc6962_root(leaves).hex()
    # And each earlier size, as checkpoints of a growing log see it.
    for earlier in range(1, size):
        assert tree.get_root(earlier) == rfc6962_root(leaves[:earlier])


def test_the_reference_tree_hash_gives_the_certificate_transparency_roots():
    # The eight test leaves of RFC 6962's reference implementation and their published roots.
    leaves = [bytes.fromhex(h) for h in ["", "00", "10", "2021", "3031", "40414243"]]
    leaves += [bytes.fromhex("5051525354555657"), bytes.fromhex("606162636465666768696a6b6c6d6e6f")]
    assert rfc6962_root(leaves[:1]).hex() == (
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d"
    )
    assert rfc6962_root(leaves).hex() == (
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"
    )


def test_a_leaf_is_the_event_record_without_the_person(document, chair_2020):
    event = Event.objects.filter(document=document).order_by("sequence").first()
    assert event is not None
    assert event.actor_user == chair_2020
    (leaf,) = ledger.records(document_id=document.pk, upto=1)
    assert leaf == {
        "sequence": 1,
        "kind": "document.created",
        "created_at": "2020-06-12T02:00:00.000000Z",
        "payload": event.payload,
    }
    assert "chair.2020" not in canonical.canonical_json(leaf).decode()


# The key ------------------------------------------------------------------------------------


def test_the_signing_key_is_created_once_readable_by_its_owner_only(key_file):
    assert not key_file.exists()
    first = ledger.key_id()
    assert stat.S_IMODE(os.stat(key_file).st_mode) == 0o600
    assert key_file.read_bytes().startswith(b"-----BEGIN PRIVATE KEY-----")
    ledger._key_at.cache_clear()  # a new process reads the same file
    assert ledger.key_id() == first
    assert len(first) == 64
    assert sorted(p.name for p in key_file.parent.iterdir()) == [key_file.name]


# Checkpoints --------------------------------------------------------------------------------


def test_a_checkpoint_is_a_c2sp_signed_note_of_the_log(document, settings):
    checkpoint = ledger.sign_checkpoint(document_id=document.pk, now=NOW)
    assert checkpoint is not None
    size = document.last_sequence
    origin = f"{settings.CADEC_LOG_HOST}/negotiation/ACDEC/2020/T1"
    root = canonical.merkle_tree(ledger.records(document_id=document.pk)).get_root()
    assert checkpoint.tree_size == size
    assert checkpoint.root_sha256 == root.hex()
    assert checkpoint.note == f"{origin}\n{size}\n{base64.b64encode(root).decode()}\n"
    public = ledger.public_key()
    Ed25519PublicKey.from_public_bytes(public).verify(
        base64.b64decode(checkpoint.signature), checkpoint.note.encode()
    )
    assert checkpoint.key_id == hashlib.sha256(public).hexdigest()
    # The signature line of the C2SP note: key hash = SHA-256(name ‖ \n ‖ 0x01 ‖ key)[:4].
    note = canonical.signed_note(
        body=checkpoint.note,
        name=origin,
        public_key=public,
        signature=base64.b64decode(checkpoint.signature),
    )
    body, line = note.split("\n\n")
    assert body + "\n" == checkpoint.note
    name, blob = line.removeprefix("\u2014 ").rstrip("\n").split(" ")
    assert name == origin
    assert (
        base64.b64decode(blob)[:4]
        == hashlib.sha256(f"{origin}\n\x01".encode() + public).digest()[:4]
    )
    assert base64.b64decode(blob)[4:] == base64.b64decode(checkpoint.signature)


def test_a_batch_of_events_asks_the_worker_for_one_checkpoint(
    framework, chair_2020, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        document = factories.document(framework, chair_2020)
    asks = [c for c in callbacks if isinstance(c, ledger._SignAfterCommit)]
    assert document.last_sequence > 5
    assert asks == [ledger._SignAfterCommit(document.pk)]
    queued = DBTaskResult.objects.filter(task_path="cadec.negotiation.tasks.sign_checkpoint")
    assert [t.args_kwargs["kwargs"] for t in queued] == [{"document_id": document.pk}]


def test_the_checkpoint_task_signs_what_is_new_and_nothing_twice(document, chair):
    from cadec.negotiation.tasks import sign_checkpoint

    assert sign_checkpoint.call(document_id=document.pk) == document.last_sequence
    assert sign_checkpoint.call(document_id=document.pk) == document.last_sequence
    assert Checkpoint.objects.filter(document=document).count() == 1
    services.add_paragraph(
        viewer=chair, document=document, kind="OPERATIVE", label="4.", markup="Members.", now=NOW
    )
    document.refresh_from_db()
    assert sign_checkpoint.call(document_id=document.pk) == document.last_sequence
    sizes = list(Checkpoint.objects.filter(document=document).values_list("tree_size", flat=True))
    assert sorted(sizes) == [document.last_sequence - 1, document.last_sequence]


def test_two_workers_signing_the_same_size_leave_one_checkpoint(document):
    first = ledger.sign_checkpoint(document_id=document.pk, now=NOW)
    # The second worker read "no checkpoint yet" before the first one wrote it.
    with mock.patch.object(ledger, "latest_checkpoint", return_value=None):
        second = ledger.sign_checkpoint(document_id=document.pk, now=NOW + timedelta(seconds=1))
    assert second == first
    assert Checkpoint.objects.filter(document=document).count() == 1


def test_the_origin_of_a_log_stays_what_its_first_checkpoint_said(
    document, framework, chair_2020, settings
):
    settings.CADEC_LOG_HOST = "first.example"
    ledger.sign_checkpoint(document_id=document.pk, now=NOW)
    settings.CADEC_LOG_HOST = "cadec.example"
    assert ledger.origin_of(document) == "first.example/negotiation/ACDEC/2020/T1"
    later = factories.document(framework, chair_2020, symbol="ACDEC/2020/T 2", issue=False)
    assert ledger.origin_of(later) == "cadec.example/negotiation/ACDEC/2020/T%202"


# The worker, for real -----------------------------------------------------------------------


# The worker commits and closes its connection: on PostgreSQL that needs a real transaction.
@pytest.mark.django_db(transaction=True)
def test_the_worker_signs_the_checkpoint_after_the_batch_commits(framework, chair_2020):
    document = factories.document(framework, chair_2020)  # each service call commits
    assert not Checkpoint.objects.filter(document=document).exists()
    call_command("db_worker", "--batch", "--no-startup-delay", "--interval=0", verbosity=0)
    latest = ledger.latest_checkpoint(document_id=document.pk)
    assert latest is not None
    assert latest.tree_size == document.last_sequence


# The bundle ---------------------------------------------------------------------------------


@pytest.fixture
def action_plan(framework):  # type: ignore[no-untyped-def]
    demo.create_personas(framework=framework, now=NOW)
    return reference.load_reference_document(framework=framework)


def test_the_reference_document_exports_a_log_that_verifies(action_plan):
    log = ledger.export_log(document=action_plan, now=NOW + timedelta(days=200))
    bundle = json.loads(log.content)
    report = verify.verify(bundle, key=ledger.key_id())
    assert log.filename == "ACDEC-2020-1-log.json"
    assert report.symbol == "ACDEC/2020/1"
    assert report.events == action_plan.last_sequence == len(bundle["events"])
    assert report.versions == [0, 1]
    assert report.adopted is None
    assert bundle["adopted"] is None
    # Export signed the checkpoint that covers everything; a second export signs nothing new.
    assert Checkpoint.objects.filter(document=action_plan).count() == 1
    ledger.export_log(document=action_plan, now=NOW + timedelta(days=201))
    assert Checkpoint.objects.filter(document=action_plan).count() == 1


def test_the_adopted_reference_work_plan_exports_a_log_that_verifies(framework):
    from cadec.negotiation.models import Adoption

    demo.create_personas(framework=framework, now=NOW)
    work_plan = reference.load_reference_work_plan(framework=framework)
    adopted = Adoption.objects.get(document=work_plan)
    bundle = json.loads(
        ledger.export_log(document=work_plan, now=NOW + timedelta(days=400)).content
    )
    report = verify.verify(bundle, key=ledger.key_id())
    assert report.adopted == {
        "version": adopted.version.number,
        "content_sha256": adopted.content_sha256,
    }
    assert bundle["adopted"]["content_sha256"] == adopted.content_sha256
    assert "document.adopted" in {e["kind"] for e in bundle["events"]}


def test_the_log_names_no_person_and_keeps_private_drafts_and_positions_private(action_plan):
    content = ledger.export_log(document=action_plan, now=NOW).content.decode()
    people = User.objects.all()
    assert people.count() > 5
    for person in people:
        for value in (person.username, person.email, person.display_name):
            assert not value or value not in content, value
    drafts = Amendment.objects.filter(document=action_plan, status="DRAFT")
    unpublished = Position.objects.filter(document=action_plan, published=False).exclude(reason="")
    assert drafts.exists()
    assert unpublished.exists()
    for draft in drafts:
        assert draft.text not in content
    for position in unpublished:
        assert position.reason not in content
    assert '"private": true' in content


def test_an_adopted_text_travels_with_the_log_and_verifies(framework, chair_2020, chair):
    from cadec.negotiation import adoption

    clean = [("OPERATIVE", "1.", "Members will meet every year.")]
    document = factories.document(framework, chair_2020, symbol="ACDEC/2020/T3", paragraphs=clean)
    adopted = adoption.adopt(viewer=chair, document=document, now=NOW + timedelta(hours=2))
    bundle = json.loads(ledger.export_log(document=document, now=NOW + timedelta(hours=3)).content)
    assert bundle["adopted"]["content_sha256"] == adopted.content_sha256
    assert bundle["adopted"]["paragraphs"][0]["text"] == "Members will meet every year."
    report = verify.verify(bundle)
    assert report.adopted == {"version": 0, "content_sha256": adopted.content_sha256}


# The command and the downloads --------------------------------------------------------------


def test_export_log_writes_the_bundle_and_says_how_to_check_it(document, tmp_path, capsys):
    out = tmp_path / "log.json"
    assert cli.main(["export-log", document.symbol, "--out", str(out)]) == 0
    said = capsys.readouterr().out
    assert f"cadec verify-log {out} --key {ledger.key_id()}" in said
    assert verify.verify(verify.load(str(out))).events == document.last_sequence
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keys", "log.json"]


def test_export_log_refuses_an_unknown_symbol_and_an_unwritable_path(document, tmp_path, capsys):
    assert cli.main(["export-log", "NO/SUCH/1", "--out", str(tmp_path / "x.json")]) == 2
    assert "no document has the symbol “NO/SUCH/1”" in capsys.readouterr().err
    missing = tmp_path / "no-such-folder" / "log.json"
    assert cli.main(["export-log", document.symbol, "--out", str(missing)]) == 2
    assert f"cannot write “{missing}”" in capsys.readouterr().err
    assert not (tmp_path / "x.json").exists()


def test_members_download_the_log_from_the_page_and_the_api(
    document, client_for, delegate_viet_nam
):
    client = client_for(delegate_viet_nam)
    page = client.get(reverse("negotiation_document", args=[document.pk])).content.decode()
    url = reverse("negotiation_log", args=[document.pk])
    assert f'href="{url}"' in page
    assert ledger.key_id()[:16] in page
    assert f"cadec verify-log FILE --key {ledger.key_id()}" in page
    for response in (
        client.get(url),
        client.get(f"/api/v1/negotiation/documents/{document.pk}/log"),
    ):
        assert response.status_code == 200
        assert response["Content-Type"] == "application/json"
        assert response["Content-Disposition"] == 'attachment; filename="ACDEC-2020-T1-log.json"'
        assert "no-store" in response["Cache-Control"]
        assert verify.verify(json.loads(response.content)).events == document.last_sequence
    # The page now shows the checkpoint the download signed.
    page = client.get(reverse("negotiation_document", args=[document.pk])).content.decode()
    latest = ledger.latest_checkpoint(document_id=document.pk)
    assert latest is not None
    assert latest.root_sha256[:16] in page
