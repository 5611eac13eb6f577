"""Silence procedure, ASEAN-minus-X participation, footnotes, adoption and endorsement."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import IntegrityError, transaction

from cadec.core.errors import Conflict, DomainError, PermissionDenied
from cadec.members.tests.factories import NOW
from cadec.negotiation import adoption, canonical, selectors, services
from cadec.negotiation.models import (
    Adoption,
    Document,
    Endorsement,
    Event,
    Paragraph,
    SilenceProcedure,
)
from cadec.negotiation.tests import factories
from conftest import _make

CLEAN = [
    ("HEADING", "", "Cooperation on the digital economy"),
    ("PREAMBULAR", "PP1", "*Recognising* the role of the digital economy in inclusive growth,"),
    ("OPERATIVE", "1.", "Members will share best practices on smart cities."),
    ("OPERATIVE", "2.", "Participating members will pilot cross-border data flows."),
]


@pytest.fixture
def clean(framework, chair_2020):  # type: ignore[no-untyped-def]
    return factories.document(framework, chair_2020, symbol="ACDEC/2020/T2", paragraphs=CLEAN)


@pytest.fixture
def head_vnm(head_viet_nam):  # type: ignore[no-untyped-def]
    return factories.viewer(head_viet_nam)


@pytest.fixture
def head_tha(framework):  # type: ignore[no-untyped-def]
    return factories.viewer(_make(framework, "tha.head", "THA", "HEAD_OF_DELEGATION"))


def kinds(document: Document) -> list[str]:
    return list(
        Event.objects.filter(document=document).order_by("sequence").values_list("kind", flat=True)
    )


def test_silence_kept_adopts_the_text_at_the_deadline(clean, chair) -> None:  # type: ignore[no-untyped-def]
    later = NOW + timedelta(hours=1)
    silence = adoption.start_silence(viewer=chair, document=clean, now=later)
    assert silence.deadline == later + timedelta(hours=72)
    clean.refresh_from_db()
    assert clean.status == Document.Status.UNDER_SILENCE
    # Too early: nothing happens.
    assert (
        adoption.close_silence(silence_id=silence.pk, now=silence.deadline - timedelta(seconds=1))
        is None
    )
    adopted = adoption.close_silence(silence_id=silence.pk, now=silence.deadline)
    assert adopted is not None
    assert adopted.via == Adoption.Via.SILENCE
    clean.refresh_from_db()
    assert clean.status == Document.Status.ADOPTED
    assert adopted.content_sha256 == clean.current_version.content_sha256
    assert set(Paragraph.objects.filter(document=clean).values_list("status", flat=True)) == {
        "AGREED"
    }
    # Closing again does nothing: one adoption, one event.
    assert (
        adoption.close_silence(silence_id=silence.pk, now=silence.deadline + timedelta(days=1))
        is None
    )
    assert kinds(clean)[-2:] == ["silence.started", "document.adopted"]
    rebuilt = canonical.replay(selectors.replayable(document=clean))
    assert rebuilt.adopted is not None
    assert rebuilt.adopted["content_sha256"] == adopted.content_sha256


def test_nothing_changes_under_silence_or_after_adoption(clean, chair, viet_nam) -> None:  # type: ignore[no-untyped-def]
    paragraph = factories.paragraph(clean, "1.")
    silence = adoption.start_silence(viewer=chair, document=clean, now=NOW)
    with pytest.raises(Conflict, match="under silence procedure"):
        services.edit_paragraph(
            viewer=chair,
            paragraph=paragraph,
            markup="Changed.",
            expected_revision=paragraph.revision,
            now=NOW,
        )
    with pytest.raises(Conflict, match="under silence procedure"):
        services.propose_amendment(
            viewer=viet_nam, paragraph=paragraph, kind="DELETE", target="smart", text="", now=NOW
        )
    adoption.close_silence(silence_id=silence.pk, now=silence.deadline)
    clean.refresh_from_db()
    for attempt in (
        lambda: services.edit_paragraph(
            viewer=chair,
            paragraph=paragraph,
            markup="Changed.",
            expected_revision=paragraph.revision,
            now=NOW,
        ),
        lambda: services.issue_revision(viewer=chair, document=clean, now=NOW),
        lambda: services.state_position(
            viewer=viet_nam, paragraph=paragraph, stance="OBJECT", now=NOW
        ),
    ):
        with pytest.raises(Conflict, match="is adopted: nothing in it changes"):
            attempt()
    with pytest.raises(Conflict, match="already adopted"):
        adoption.adopt(viewer=chair, document=clean, now=NOW)
    with pytest.raises(Conflict):
        adoption.start_silence(viewer=chair, document=clean, now=NOW)


def test_breaking_silence_is_once_only_with_a_reason(
    clean, chair, head_vnm, head_tha, viet_nam
) -> None:  # type: ignore[no-untyped-def]
    silence = adoption.start_silence(viewer=chair, document=clean, now=NOW)
    with pytest.raises(PermissionDenied):  # a delegate, not the head
        adoption.break_silence(viewer=viet_nam, silence=silence, reason="No.", now=NOW)
    with pytest.raises(PermissionDenied):  # the chair does not break its own silence
        adoption.break_silence(viewer=chair, silence=silence, reason="No.", now=NOW)
    with pytest.raises(DomainError, match="reason"):
        adoption.break_silence(viewer=head_vnm, silence=silence, reason="  ", now=NOW)
    broken = adoption.break_silence(
        viewer=head_vnm, silence=silence, reason="Paragraph 2 needs capital's review.", now=NOW
    )
    assert broken.status == SilenceProcedure.Status.BROKEN
    assert broken.broken_by.country.iso3 == "VNM"
    with pytest.raises(Conflict, match="already ended"):
        adoption.break_silence(viewer=head_tha, silence=silence, reason="Also.", now=NOW)
    clean.refresh_from_db()
    assert clean.status == Document.Status.NEGOTIATING
    assert adoption.close_silence(silence_id=silence.pk, now=silence.deadline) is None
    assert not Adoption.objects.filter(document=clean).exists()
    assert kinds(clean).count("silence.broken") == 1
    payload = Event.objects.get(document=clean, kind="silence.broken").payload
    assert payload["delegation"] == "VNM"
    assert "capital" in payload["reason"]


def test_silence_cannot_be_broken_after_its_deadline(clean, chair, head_vnm) -> None:  # type: ignore[no-untyped-def]
    silence = adoption.start_silence(
        viewer=chair, document=clean, deadline=NOW + timedelta(hours=2), now=NOW
    )
    with pytest.raises(Conflict, match="deadline"):
        adoption.break_silence(
            viewer=head_vnm, silence=silence, reason="Late.", now=NOW + timedelta(hours=3)
        )


def test_silence_needs_a_clean_issued_text_and_a_sane_deadline(
    document, clean, chair, viet_nam
) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(Conflict, match="square brackets"):
        adoption.start_silence(viewer=chair, document=document, now=NOW)
    with pytest.raises(DomainError, match="one hour and 30 days"):
        adoption.start_silence(
            viewer=chair, document=clean, deadline=NOW + timedelta(minutes=5), now=NOW
        )
    with pytest.raises(PermissionDenied):
        adoption.start_silence(viewer=viet_nam, document=clean, now=NOW)
    paragraph = factories.paragraph(clean, "1.")
    services.edit_paragraph(
        viewer=chair,
        paragraph=paragraph,
        markup="Members will share practices.",
        expected_revision=paragraph.revision,
        now=NOW,
    )
    with pytest.raises(Conflict, match="issue a new version"):
        adoption.start_silence(viewer=chair, document=clean, now=NOW)
    services.state_position(viewer=viet_nam, paragraph=paragraph, stance="OBJECT", now=NOW)
    services.issue_revision(viewer=chair, document=clean, now=NOW)
    with pytest.raises(Conflict, match="object: VNM"):
        adoption.start_silence(viewer=chair, document=clean, now=NOW)
    assert not SilenceProcedure.objects.exists()


def test_one_running_silence_per_document_is_a_database_rule(clean, chair) -> None:  # type: ignore[no-untyped-def]
    silence = adoption.start_silence(viewer=chair, document=clean, now=NOW)
    with pytest.raises(IntegrityError), transaction.atomic():
        SilenceProcedure.objects.create(
            document=clean,
            version=silence.version,
            content_sha256=silence.content_sha256,
            status="RUNNING",
            started_at=NOW,
            deadline=NOW + timedelta(hours=1),
        )


def test_adoption_by_decision_and_endorsement(clean, chair, head_vnm, head_tha, viet_nam) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PermissionDenied):
        adoption.adopt(viewer=viet_nam, document=clean, now=NOW)
    adopted = adoption.adopt(viewer=chair, document=clean, now=NOW)
    assert adopted.via == Adoption.Via.DECISION
    with pytest.raises(DomainError, match="not the SHA-256"):
        adoption.endorse(viewer=head_vnm, document=clean, content_sha256="0" * 64, now=NOW)
    with pytest.raises(PermissionDenied):
        adoption.endorse(
            viewer=viet_nam, document=clean, content_sha256=adopted.content_sha256, now=NOW
        )
    adoption.endorse(
        viewer=head_vnm, document=clean, content_sha256=adopted.content_sha256.upper(), now=NOW
    )
    with pytest.raises(Conflict, match="already endorsed"):
        adoption.endorse(
            viewer=head_vnm, document=clean, content_sha256=adopted.content_sha256, now=NOW
        )
    adoption.endorse(
        viewer=head_tha, document=clean, content_sha256=adopted.content_sha256, now=NOW
    )
    assert Endorsement.objects.filter(adoption=adopted).count() == 2
    with pytest.raises(IntegrityError), transaction.atomic():
        Adoption.objects.create(
            document=clean,
            version=adopted.version,
            content_sha256="x",
            via="DECISION",
            adopted_at=NOW,
        )


def test_asean_minus_x_opt_out_join_later_and_consensus(
    clean, chair, head_vnm, viet_nam, head_tha
) -> None:  # type: ignore[no-untyped-def]
    pilot = factories.paragraph(clean, "2.")
    with pytest.raises(Conflict, match="not flexible"):
        adoption.opt_out(viewer=head_vnm, paragraph=pilot, now=NOW)
    with pytest.raises(PermissionDenied):
        adoption.set_flexible(viewer=viet_nam, paragraph=pilot, flexible=True, now=NOW)
    adoption.set_flexible(viewer=chair, paragraph=pilot, flexible=True, now=NOW)
    with pytest.raises(PermissionDenied):  # delegates do not opt their member out; heads do
        adoption.opt_out(viewer=viet_nam, paragraph=pilot, now=NOW)
    adoption.opt_out(
        viewer=head_vnm, paragraph=pilot, reason="Domestic data law in review.", now=NOW
    )
    with pytest.raises(Conflict, match="already opted out"):
        adoption.opt_out(viewer=head_vnm, paragraph=pilot, now=NOW)
    with pytest.raises(Conflict, match="stays flexible"):
        adoption.set_flexible(viewer=chair, paragraph=pilot, flexible=False, now=NOW)
    # An objection from a member that opted out does not block the paragraph.
    services.state_position(viewer=viet_nam, paragraph=pilot, stance="OBJECT", now=NOW)
    pilot.refresh_from_db()
    assert pilot.status == Paragraph.Status.OPEN
    services.declare_status(viewer=chair, paragraph=pilot, status="AGREED", now=NOW)
    # Thailand, taking part, objects: that blocks.
    thailand_delegate = factories.viewer(_make(clean.framework, "tha.delegate2", "THA", "DELEGATE"))
    services.state_position(viewer=thailand_delegate, paragraph=pilot, stance="OBJECT", now=NOW)
    pilot.refresh_from_db()
    assert pilot.status == Paragraph.Status.BRACKETED
    services.state_position(viewer=thailand_delegate, paragraph=pilot, stance="CAN_ACCEPT", now=NOW)
    # Adopted with Viet Nam out of paragraph 2, which it joins later.
    adopted = adoption.adopt(viewer=chair, document=clean, now=NOW)
    record = Event.objects.get(document=clean, kind="document.adopted").payload["record"]
    assert record["flexible"] == [pilot.key]
    assert record["participation"] == [
        {"key": pilot.key, "delegation": "VNM", "opted_out_at": NOW.isoformat(), "joined_at": None}
    ]
    joined = adoption.join_later(viewer=head_vnm, paragraph=pilot, now=NOW + timedelta(days=90))
    assert joined.joined_at == NOW + timedelta(days=90)
    with pytest.raises(Conflict, match="already joined"):
        adoption.join_later(viewer=head_vnm, paragraph=pilot, now=NOW + timedelta(days=91))
    with pytest.raises(Conflict, match="never opted out"):
        adoption.join_later(viewer=head_tha, paragraph=pilot, now=NOW)
    assert kinds(clean)[-1] == "participation.joined"
    # The adopted text itself did not change.
    assert (
        canonical.replay(selectors.replayable(document=clean)).adopted["content_sha256"]
        == adopted.content_sha256
    )


def test_footnotes_and_reservations_stay_on_the_record(clean, chair, viet_nam, observer) -> None:  # type: ignore[no-untyped-def]
    paragraph = factories.paragraph(clean, "1.")
    with pytest.raises(PermissionDenied):
        adoption.add_footnote(
            viewer=factories.viewer(observer), paragraph=paragraph, text="x", now=NOW
        )
    with pytest.raises(DomainError, match="empty"):
        adoption.add_footnote(viewer=viet_nam, paragraph=paragraph, text=" ", now=NOW)
    adoption.add_footnote(
        viewer=viet_nam,
        paragraph=paragraph,
        text="Viet Nam reads “smart cities” as in its 2018 plan.",
        now=NOW,
    )
    services.state_position(
        viewer=viet_nam,
        paragraph=paragraph,
        stance="RESERVATION",
        reason="Subject to national law.",
        now=NOW,
    )
    adoption.adopt(viewer=chair, document=clean, now=NOW)
    record = Event.objects.get(document=clean, kind="document.adopted").payload["record"]
    assert record["footnotes"] == [
        {
            "key": paragraph.key,
            "delegation": "VNM",
            "text": "Viet Nam reads “smart cities” as in its 2018 plan.",
        }
    ]
    assert record["reservations"] == [
        {"key": paragraph.key, "delegation": "VNM", "text": "Subject to national law."}
    ]
    with pytest.raises(Conflict):
        adoption.add_footnote(viewer=viet_nam, paragraph=paragraph, text="Later.", now=NOW)


@pytest.mark.django_db(transaction=True)
def test_the_worker_closes_the_silence_even_after_a_restart(framework, chair_2020) -> None:  # type: ignore[no-untyped-def]
    from unittest import mock

    from django.utils import timezone

    clean = factories.document(framework, chair_2020, symbol="ACDEC/2020/T3", paragraphs=CLEAN)
    chair = factories.viewer(chair_2020)
    silence = adoption.start_silence(
        viewer=chair, document=clean, deadline=NOW + timedelta(hours=1), now=NOW
    )
    # The worker runs before the deadline: the task waits (it is deferred to the deadline).
    with mock.patch("django.utils.timezone.now", return_value=NOW + timedelta(minutes=30)):
        call_command("db_worker", "--batch", "--no-startup-delay", "--interval=0", verbosity=0)
    silence.refresh_from_db()
    assert silence.status == SilenceProcedure.Status.RUNNING
    # A later worker (a restart) finds the task in the database and closes the silence.
    with mock.patch("django.utils.timezone.now", return_value=NOW + timedelta(hours=1, seconds=1)):
        call_command("db_worker", "--batch", "--no-startup-delay", "--interval=0", verbosity=0)
    silence.refresh_from_db()
    assert silence.status == SilenceProcedure.Status.ADOPTED
    assert Adoption.objects.get(document=clean).silence_id == silence.pk
    assert timezone.now() > NOW  # the patch is gone


@pytest.mark.django_db(transaction=True)
def test_close_due_silences_catches_up_after_the_worker_was_down(framework, chair_2020) -> None:  # type: ignore[no-untyped-def]
    clean = factories.document(framework, chair_2020, symbol="ACDEC/2020/T4", paragraphs=CLEAN)
    chair = factories.viewer(chair_2020)
    adoption.start_silence(viewer=chair, document=clean, now=NOW)
    # Lost task rows (e.g. a database restored without them): the sweep still closes it.
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.all().delete()
    assert adoption.close_due_silences(now=NOW + timedelta(hours=71)) == 0
    assert adoption.close_due_silences(now=NOW + timedelta(hours=72)) == 1
    assert Document.objects.get(pk=clean.pk).status == Document.Status.ADOPTED


def test_members_are_told_of_silence_in_their_own_time_zone(  # type: ignore[no-untyped-def]
    clean, chair, head_vnm, observer, django_capture_on_commit_callbacks
):
    from django_tasks_db.models import DBTaskResult

    with django_capture_on_commit_callbacks(execute=True):
        silence = adoption.start_silence(viewer=chair, document=clean, now=NOW)
    mails = {
        m.args_kwargs["kwargs"]["to"][0]: m.args_kwargs["kwargs"]
        for m in DBTaskResult.objects.filter(task_path="cadec.core.tasks.send_email")
    }
    assert "observer@example.org" not in mails  # observers are not parties to the silence
    to_head = mails["vnm.head@example.org"]
    assert "under silence procedure" in to_head["subject"]
    # 15 June 2020 02:00 UTC is 09:00 in Hanoi.
    assert silence.deadline.isoformat() == "2020-06-15T02:00:00+00:00"
    assert "Monday 15 June 2020, 09:00" in to_head["body"]
    assert silence.content_sha256 in to_head["body"]
    assert "chair.2020@example.org" in mails
    DBTaskResult.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        adoption.break_silence(viewer=head_vnm, silence=silence, reason="Capital.", now=NOW)
    bodies = [
        m.args_kwargs["kwargs"]["body"]
        for m in DBTaskResult.objects.filter(task_path="cadec.core.tasks.send_email")
    ]
    assert bodies
    assert all("Capital." in body for body in bodies)


@pytest.mark.django_db(transaction=True)
def test_cadec_worker_closes_overdue_silences_before_it_starts(framework, chair_2020, capsys):  # type: ignore[no-untyped-def]
    import argparse
    from unittest import mock

    from cadec import cli

    clean = factories.document(framework, chair_2020, symbol="ACDEC/2020/T5", paragraphs=CLEAN)
    silence = adoption.start_silence(viewer=factories.viewer(chair_2020), document=clean, now=NOW)
    with mock.patch("django.core.management.call_command") as db_worker:
        assert cli.cmd_worker(argparse.Namespace(interval=1.0, concurrency=None)) == 0
    db_worker.assert_called_once()
    silence.refresh_from_db()
    assert silence.status == SilenceProcedure.Status.ADOPTED
    assert "closed 1 silence procedure(s)" in capsys.readouterr().out
