"""D6: the event log rebuilds every version of a document (and tampering shows)."""

from datetime import timedelta

import pytest
from django.db import transaction
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from cadec.members.tests.factories import NOW
from cadec.negotiation import events, selectors, services
from cadec.negotiation.models import Document, DocumentVersion, Paragraph
from cadec.negotiation.tests import factories


def versions_in_the_database(document: Document) -> dict[int, list[dict]]:
    return {
        version.number: [
            events.paragraph_state(entry.paragraph, entry.revision)
            for entry in version.entries.select_related("paragraph", "revision").order_by(
                "position"
            )
        ]
        for version in DocumentVersion.objects.filter(document=document)
    }


def replayed(document: Document) -> events.Replayed:
    return events.replay(selectors.replayable(document=document))


def test_replaying_the_events_rebuilds_every_version(document, chair, viet_nam, thailand, now):
    second = factories.paragraph(document, "2.")
    third = factories.paragraph(document, "3.")
    services.edit_paragraph(
        viewer=chair,
        paragraph=second,
        markup="Members will cooperate on [digital]{THA} infrastructure and data.",
        expected_revision=1,
        now=now,
    )
    services.add_paragraph(
        viewer=chair,
        document=document,
        kind="PREAMBULAR",
        label="PP0",
        markup="*Noting* the Year,",
        at_start=True,
        now=now,
    )
    for amendment in (
        services.propose_amendment(
            viewer=viet_nam,
            paragraph=third,
            kind="INSERT",
            whole_paragraph=True,
            text="Members will [report]{VNM}.",
            now=now,
        ),
        services.propose_amendment(
            viewer=thailand,
            paragraph=third,
            kind="REPLACE",
            target="every year",
            text="every two years",
            now=now,
        ),
        services.propose_amendment(
            viewer=thailand,
            paragraph=factories.paragraph(document, "PP1"),
            kind="DELETE",
            whole_paragraph=True,
            now=now,
        ),
    ):
        services.recommend_amendment(
            viewer=chair, amendment=amendment, recommendation="ACCEPT", now=now
        )
    services.issue_revision(viewer=chair, document=document, now=now + timedelta(hours=1))
    rebuilt = replayed(document)
    assert rebuilt.versions == versions_in_the_database(document)
    assert sorted(rebuilt.versions) == [0, 1]
    assert rebuilt.versions[1][0]["label"] == "PP0"
    assert "3bis." in [p["label"] for p in rebuilt.versions[1]]


def test_an_edited_event_no_longer_replays(document, chair, now):
    event = document.events.get(kind="version.issued")
    event.payload["changed"] = []
    event.payload["order"] = list(reversed(event.payload["order"]))
    with pytest.raises(events.ReplayError, match="version 0"):
        events.replay(
            [
                (e.kind, e.payload if e.pk != event.pk else event.payload)
                for e in document.events.order_by("sequence")
            ]
        )


def test_a_changed_text_in_the_record_breaks_the_versions_hash(document):
    payloads = list(selectors.replayable(document=document))
    kind, payload = payloads[2]
    assert kind == "paragraph.added"
    payloads[2] = (kind, {**payload, "text": payload["text"] + " (altered)"})
    with pytest.raises(events.ReplayError, match="SHA-256"):
        events.replay(payloads)


class Negotiation(RuleBasedStateMachine):
    """Random edits, additions, accepted amendments and revisions; the record must always
    rebuild what the database holds."""

    def __init__(self) -> None:
        super().__init__()
        self.atomic = transaction.atomic()
        self.atomic.__enter__()
        self.document = factories.document(self.framework, self.chair_user, symbol="SM/1")
        self.minute = 0

    def now(self):  # type: ignore[no-untyped-def]
        self.minute += 1
        return NOW + timedelta(minutes=self.minute)

    def live(self) -> list[Paragraph]:
        return list(
            Paragraph.objects.filter(document=self.document, removed_at__isnull=True)
            .select_related("current", "document")
            .order_by("position")
        )

    @rule(index=st.integers(0, 20), word=st.sampled_from(["digital", "data", "[cities]{VNM}"]))
    def edit(self, index: int, word: str) -> None:
        paragraphs = self.live()
        paragraph = paragraphs[index % len(paragraphs)]
        if paragraph.status in ("AGREED", "AD_REFERENDUM") or paragraph.kind == "HEADING":
            return
        services.edit_paragraph(
            viewer=self.chair,
            paragraph=paragraph,
            markup=paragraph.current.text + " " + word,  # type: ignore[union-attr]
            expected_revision=paragraph.revision,
            now=self.now(),
        )

    @rule(index=st.integers(0, 20))
    def add(self, index: int) -> None:
        paragraphs = self.live()
        services.add_paragraph(
            viewer=self.chair,
            document=self.document,
            kind="OPERATIVE",
            markup=f"Members will meet [{index}].",
            after=paragraphs[index % len(paragraphs)],
            now=self.now(),
        )

    @rule(
        index=st.integers(0, 20),
        kind=st.sampled_from(["INSERT", "REPLACE", "ALTERNATIVE", "DELETE", "NEW", "REMOVE"]),
    )
    def accept_an_amendment(self, index: int, kind: str) -> None:
        self.document.refresh_from_db()
        entries = [
            e
            for e in selectors.text_of(
                document=self.document, version=self.document.current_version
            )
            if not e.is_heading and "Members" in e.text
        ]
        if not entries:
            return
        entry = entries[index % len(entries)]
        paragraph = Paragraph.objects.select_related("document").get(pk=entry.paragraph_id)
        if paragraph.removed_at is not None:
            return
        whole = kind in ("NEW", "REMOVE")
        amendment = services.propose_amendment(
            viewer=self.delegate,
            paragraph=paragraph,
            kind={"NEW": "INSERT", "REMOVE": "DELETE"}.get(kind, kind),
            target="" if whole else "Members",
            text="" if kind in ("DELETE", "REMOVE") else "Parties [together]",
            whole_paragraph=whole,
            now=self.now(),
        )
        services.recommend_amendment(
            viewer=self.chair, amendment=amendment, recommendation="ACCEPT", now=self.now()
        )

    @rule()
    def issue(self) -> None:
        before = DocumentVersion.objects.filter(document=self.document).count()
        try:
            services.issue_revision(viewer=self.chair, document=self.document, now=self.now())
        except services.MergeConflict:
            assert DocumentVersion.objects.filter(document=self.document).count() == before
            for amendment in self.document.amendments.filter(status="SUBMITTED"):
                services.withdraw_amendment(
                    viewer=self.delegate, amendment=amendment, now=self.now()
                )
        except services.DomainError:
            pass  # every paragraph was removed: nothing to issue

    @invariant()
    def the_record_rebuilds_every_version(self) -> None:
        assert replayed(self.document).versions == versions_in_the_database(self.document)

    def teardown(self) -> None:
        transaction.set_rollback(True)
        self.atomic.__exit__(None, None, None)


def test_the_record_rebuilds_every_version_whatever_happens(
    framework, chair_2020, delegate_viet_nam
):
    Negotiation.framework = framework  # type: ignore[attr-defined]
    Negotiation.chair_user = chair_2020  # type: ignore[attr-defined]
    Negotiation.chair = factories.viewer(chair_2020)  # type: ignore[attr-defined]
    Negotiation.delegate = factories.viewer(delegate_viet_nam)  # type: ignore[attr-defined]
    run_state_machine_as_test(
        Negotiation,
        settings=settings(
            max_examples=20,
            stateful_step_count=12,
            deadline=None,
            suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        ),
    )


def test_an_event_once_written_is_never_changed(document):
    event = document.events.order_by("sequence").first()
    event.kind = "document.rewritten"
    with pytest.raises(ValueError, match="never changed"):
        event.save()
