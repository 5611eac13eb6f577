"""The negotiation's writes: each checks who may, validates, writes, and records one event."""

from datetime import timedelta

import pytest

from cadec.core.errors import (
    Conflict,
    DomainError,
    PermissionDenied,
    PreconditionFailed,
    PreconditionRequired,
)
from cadec.members.tests import factories as member_factories
from cadec.members.tests.factories import NOW
from cadec.negotiation import selectors, services
from cadec.negotiation.models import (
    Amendment,
    Document,
    DocumentVersion,
    Event,
    Paragraph,
    Position,
)
from cadec.negotiation.tests import factories

Status = Paragraph.Status
LATER = NOW + timedelta(hours=1)


@pytest.fixture
def head(head_viet_nam):  # type: ignore[no-untyped-def]
    return factories.viewer(head_viet_nam)


def events_of(document: Document) -> list[str]:
    return list(document.events.order_by("sequence").values_list("kind", flat=True))


def text_of(document: Document, version: DocumentVersion | None = None) -> list[str]:
    return [e.markup for e in selectors.text_of(document=document, version=version)]


# Opening a negotiation ----------------------------------------------------------------------


def test_the_chair_opens_a_negotiation_and_the_opening_is_recorded(framework, chair, now):
    document = services.create_document(
        viewer=chair,
        framework=framework,
        symbol="ACDEC/2020/9",
        title="Joint statement",
        deadline=factories.DEADLINE,
        now=now,
    )
    assert events_of(document) == ["document.created"]
    event = document.events.get()
    assert (event.sequence, event.payload["symbol"], event.payload["actor"]) == (
        1,
        "ACDEC/2020/9",
        {"role": "CHAIR", "organisation": "VNM"},
    )


def test_a_delegate_cannot_open_a_negotiation(framework, viet_nam, now):
    with pytest.raises(PermissionDenied):
        services.create_document(
            viewer=viet_nam,
            framework=framework,
            symbol="X/1",
            title="t",
            deadline=factories.DEADLINE,
            now=now,
        )
    assert not Document.objects.exists()


@pytest.mark.parametrize(
    ("symbol", "field", "words"),
    [
        ("", "symbol", "give the document a symbol"),
        ("ACDEC<2020>", "symbol", "use at most 40 letters"),
        ("ACDEC/2020/T1", "symbol", "already taken"),
    ],
)
def test_a_bad_symbol_is_refused_by_name_and_nothing_is_written(
    framework, chair, document, now, symbol, field, words
):
    before = Event.objects.count()
    with pytest.raises(DomainError) as refused:
        services.create_document(
            viewer=chair,
            framework=framework,
            symbol=symbol,
            title="t",
            deadline=factories.DEADLINE,
            now=now,
        )
    assert refused.value.field == field
    assert words in refused.value.message
    assert (Document.objects.count(), Event.objects.count()) == (1, before)


# The working text ---------------------------------------------------------------------------


def test_a_paragraph_with_an_invisible_character_is_refused_naming_it(document, chair, now):
    paragraph = factories.paragraph(document, "2.")
    with pytest.raises(DomainError, match=r"paragraph 2\., line 1, character 9, holds U\+202E"):
        services.edit_paragraph(
            viewer=chair,
            paragraph=paragraph,
            markup="Members \u202ewill cooperate.",
            expected_revision=1,
            now=now,
        )


def test_a_new_paragraph_must_balance_its_brackets(document, chair, now):
    with pytest.raises(DomainError, match="the “\\[” at character 9 is never closed"):
        services.add_paragraph(
            viewer=chair, document=document, kind="OPERATIVE", markup="Members [shall", now=now
        )


def test_holders_must_be_delegations(document, chair, now):
    with pytest.raises(DomainError, match="attributed to “XYZ”"):
        services.add_paragraph(
            viewer=chair,
            document=document,
            kind="OPERATIVE",
            markup="Members [shall]{XYZ} meet.",
            now=now,
        )


def test_an_edit_writes_a_new_revision_and_keeps_the_old_one(document, chair, now):
    paragraph = factories.paragraph(document, "2.")
    revision = services.edit_paragraph(
        viewer=chair,
        paragraph=paragraph,
        markup="Members will cooperate on [digital]{THA} infrastructure.",
        expected_revision=1,
        now=LATER,
    )
    paragraph.refresh_from_db()
    assert (revision.number, paragraph.revision, paragraph.status) == (2, 2, Status.BRACKETED)
    assert revision.attributions == {"0": ["THA"]}
    assert list(paragraph.revisions.order_by("number").values_list("number", flat=True)) == [1, 2]
    # the zero draft still reads as it was issued
    assert "Members will cooperate on digital infrastructure and data." in text_of(
        document, document.current_version
    )
    assert events_of(document)[-1] == "paragraph.edited"


def test_an_edit_without_the_revision_it_is_based_on_is_refused(document, chair, now):
    with pytest.raises(PreconditionRequired):
        services.edit_paragraph(
            viewer=chair,
            paragraph=factories.paragraph(document, "2."),
            markup="x",
            expected_revision=None,
            now=now,
        )


def test_a_stale_edit_is_refused_and_the_other_edit_is_kept(document, chair, now):
    paragraph = factories.paragraph(document, "2.")
    services.edit_paragraph(
        viewer=chair, paragraph=paragraph, markup="First edit.", expected_revision=1, now=now
    )
    with pytest.raises(PreconditionFailed) as stale:
        services.edit_paragraph(
            viewer=chair, paragraph=paragraph, markup="Second edit.", expected_revision=1, now=now
        )
    assert stale.value.current_revision == 2  # type: ignore[attr-defined]
    paragraph.refresh_from_db()
    assert paragraph.current.text == "First edit."  # type: ignore[union-attr]


def test_a_delegation_cannot_edit_the_working_text(document, viet_nam, now):
    with pytest.raises(PermissionDenied):
        services.edit_paragraph(
            viewer=viet_nam,
            paragraph=factories.paragraph(document, "2."),
            markup="Mine.",
            expected_revision=1,
            now=now,
        )


def test_an_edit_keeps_the_brackets_balanced_as_they_were(document, chair, now):
    with pytest.raises(DomainError, match="no longer balance"):
        services.edit_paragraph(
            viewer=chair,
            paragraph=factories.paragraph(document, "1."),
            markup="Members [shall][should share best practices.",
            expected_revision=1,
            now=now,
        )


def test_agreed_text_is_not_edited_until_the_chair_reopens_it(document, chair, now):
    paragraph = factories.paragraph(document, "2.")
    services.declare_status(viewer=chair, paragraph=paragraph, status=Status.AGREED, now=now)
    with pytest.raises(Conflict, match="reopens it"):
        services.edit_paragraph(
            viewer=chair, paragraph=paragraph, markup="Changed.", expected_revision=1, now=now
        )
    services.declare_status(viewer=chair, paragraph=paragraph, status=Status.OPEN, now=now)
    services.edit_paragraph(
        viewer=chair, paragraph=paragraph, markup="Changed.", expected_revision=1, now=now
    )


# Amendments ---------------------------------------------------------------------------------


def test_a_tabled_amendment_is_numbered_and_shown_as_a_diff(document, viet_nam, now):
    amendment = services.propose_amendment(
        viewer=viet_nam,
        paragraph=factories.paragraph(document, "2."),
        kind="REPLACE",
        target="digital infrastructure",
        text="digital connectivity",
        now=now,
    )
    assert (amendment.reference, amendment.status) == ("A-1", Amendment.Status.SUBMITTED)
    assert amendment.base_version == document.current_version
    assert ["delete", "infrastructure"] in amendment.diff
    assert ["insert", "connectivity"] in amendment.diff
    event = document.events.order_by("-sequence").first()
    assert event is not None
    assert (event.kind, event.payload["text"], event.payload["delegation"]) == (
        "amendment.tabled",
        "digital connectivity",
        "VNM",
    )


def test_a_private_draft_is_its_delegations_own_even_in_the_record(
    document, viet_nam, thailand, chair, now
):
    draft = services.propose_amendment(
        viewer=viet_nam,
        paragraph=factories.paragraph(document, "2."),
        kind="INSERT",
        target="data",
        text="[flows]",
        submit=False,
        now=now,
    )
    assert draft.number is None
    event = document.events.order_by("-sequence").first()
    assert event is not None
    assert event.payload == {
        "schema": 1,
        "actor": {"role": "DELEGATION", "organisation": "VNM"},
        "private": True,
        "delegation": "VNM",
    }
    for other in (thailand, chair):
        assert draft.pk not in {
            item.amendment.pk for item in selectors.amendments(viewer=other, document=document)
        }
    assert draft.pk in {
        item.amendment.pk for item in selectors.amendments(viewer=viet_nam, document=document)
    }
    services.submit_amendment(viewer=viet_nam, amendment=draft, now=now)
    draft.refresh_from_db()
    assert draft.reference == "A-1"


@pytest.mark.parametrize(
    ("target", "occurrence", "message"),
    [
        ("submarine cables", 1, "“submarine cables” does not occur in paragraph 2. of Zero draft"),
        ("digital", 2, "“digital” occurs only 1 time in paragraph 2."),
        ("", 1, "quote the existing words"),
    ],
)
def test_an_amendment_must_quote_words_that_are_there(
    document, viet_nam, now, target, occurrence, message
):
    with pytest.raises(DomainError) as refused:
        services.propose_amendment(
            viewer=viet_nam,
            paragraph=factories.paragraph(document, "2."),
            kind="REPLACE",
            target=target,
            occurrence=occurrence,
            text="x",
            now=now,
        )
    assert message in refused.value.message
    assert refused.value.field == "target"
    assert not Amendment.objects.exists()


def test_an_amendment_may_not_split_a_bracket(document, viet_nam, now):
    with pytest.raises(DomainError, match="split a bracket"):
        services.propose_amendment(
            viewer=viet_nam,
            paragraph=factories.paragraph(document, "1."),
            kind="DELETE",
            target="Members [shall",
            now=now,
        )
    with pytest.raises(DomainError, match="split a bracket"):
        services.propose_amendment(
            viewer=viet_nam,
            paragraph=factories.paragraph(document, "1."),
            kind="REPLACE",
            target="shall]",
            text="must",
            now=now,
        )


def test_observers_and_non_members_do_not_table_amendments(framework, document, observer, now):
    timor = member_factories.person(
        username="tls.delegate",
        organisation=member_factories.delegation(framework, "TLS"),
        role="DELEGATE",
    )  # Timor-Leste joined in 2025: in 2020 it does not take part
    for person in (observer, timor):
        with pytest.raises(PermissionDenied):
            services.propose_amendment(
                viewer=factories.viewer(person),
                paragraph=factories.paragraph(document, "2."),
                kind="DELETE",
                target="data",
                now=now,
            )


def test_co_sponsors_join_and_leave_and_the_proposer_cannot_co_sponsor(
    document, viet_nam, thailand, head, now
):
    amendment = services.propose_amendment(
        viewer=thailand,
        paragraph=factories.paragraph(document, "2."),
        kind="DELETE",
        target=" and data",
        now=now,
    )
    services.cosponsor_amendment(viewer=viet_nam, amendment=amendment, now=now)
    with pytest.raises(Conflict, match="already co-sponsors"):
        services.cosponsor_amendment(viewer=head, amendment=amendment, now=now)
    with pytest.raises(Conflict, match="proposed this amendment"):
        services.cosponsor_amendment(viewer=thailand, amendment=amendment, now=now)
    assert selectors.amendment_view(amendment=amendment).sponsors == ["VNM"]
    services.cosponsor_amendment(viewer=viet_nam, amendment=amendment, join=False, now=now)
    assert selectors.amendment_view(amendment=amendment).sponsors == []


def test_only_the_chair_recommends(document, viet_nam, thailand, chair, now):
    amendment = services.propose_amendment(
        viewer=thailand,
        paragraph=factories.paragraph(document, "2."),
        kind="DELETE",
        target=" and data",
        now=now,
    )
    with pytest.raises(PermissionDenied):
        services.recommend_amendment(
            viewer=viet_nam, amendment=amendment, recommendation="ACCEPT", now=now
        )
    services.recommend_amendment(
        viewer=chair, amendment=amendment, recommendation="ACCEPT", now=now
    )
    amendment.refresh_from_db()
    assert amendment.recommendation == Amendment.Recommendation.ACCEPT


def test_only_its_delegation_withdraws_an_amendment(document, viet_nam, thailand, now):
    amendment = services.propose_amendment(
        viewer=thailand,
        paragraph=factories.paragraph(document, "2."),
        kind="DELETE",
        target=" and data",
        now=now,
    )
    with pytest.raises(PermissionDenied):
        services.withdraw_amendment(viewer=viet_nam, amendment=amendment, now=now)
    services.withdraw_amendment(viewer=thailand, amendment=amendment, now=now)
    amendment.refresh_from_db()
    assert amendment.status == Amendment.Status.WITHDRAWN


# Revisions ----------------------------------------------------------------------------------


def _accept(chair, amendment, now):  # type: ignore[no-untyped-def]
    services.recommend_amendment(
        viewer=chair, amendment=amendment, recommendation="ACCEPT", now=now
    )
    return amendment


def test_accepted_amendments_are_merged_into_the_next_revision(
    document, chair, viet_nam, thailand, now
):
    second = factories.paragraph(document, "2.")
    third = factories.paragraph(document, "3.")
    merged = [
        _accept(
            chair,
            services.propose_amendment(
                viewer=thailand,
                paragraph=second,
                kind="ALTERNATIVE",
                target="digital infrastructure",
                text="connectivity",
                now=now,
            ),
            now,
        ),
        _accept(
            chair,
            services.propose_amendment(
                viewer=viet_nam,
                paragraph=third,
                kind="INSERT",
                whole_paragraph=True,
                text="Members will [meet online]{VNM} twice a year.",
                now=now,
            ),
            now,
        ),
        _accept(
            chair,
            services.propose_amendment(
                viewer=viet_nam,
                paragraph=third,
                kind="REPLACE",
                target="every year",
                text="every two years",
                now=now,
            ),
            now,
        ),
    ]
    services.cosponsor_amendment(viewer=viet_nam, amendment=merged[0], now=now)
    not_retained = services.propose_amendment(
        viewer=viet_nam, paragraph=second, kind="DELETE", target=" and data", now=now
    )
    version = services.issue_revision(viewer=chair, document=document, now=LATER)
    assert version.label == "Rev.1"
    text = text_of(document, version)
    assert text[3] == (
        "Members will cooperate on [digital infrastructure][connectivity]{THA VNM} and data."
    )
    assert text[4:] == [
        "Members will review this plan every two years.",
        "Members will [meet online]{VNM} twice a year.",
    ]
    assert [e.label for e in selectors.text_of(document=document, version=version)][-1] == "3bis."
    for amendment in merged:
        amendment.refresh_from_db()
        assert (amendment.status, amendment.merged_into) == (Amendment.Status.MERGED, version)
    not_retained.refresh_from_db()
    assert not_retained.status == Amendment.Status.SUBMITTED  # still on the table
    event = document.events.order_by("-sequence").first()
    assert event is not None
    assert event.kind == "version.issued"
    assert event.payload["merged"] == ["A-1", "A-2", "A-3"]
    assert event.payload["content_sha256"] == version.content_sha256


def test_a_removed_paragraph_leaves_the_next_revision_but_not_the_earlier_ones(
    document, chair, viet_nam, now
):
    third = factories.paragraph(document, "3.")
    _accept(
        chair,
        services.propose_amendment(
            viewer=viet_nam, paragraph=third, kind="DELETE", whole_paragraph=True, now=now
        ),
        now,
    )
    version = services.issue_revision(viewer=chair, document=document, now=LATER)
    assert "Members will review this plan every year." not in text_of(document, version)
    assert "Members will review this plan every year." in text_of(
        document, DocumentVersion.objects.get(document=document, number=0)
    )


def test_conflicting_accepted_amendments_stop_the_revision_and_nothing_is_written(
    document, chair, viet_nam, thailand, now
):
    second = factories.paragraph(document, "2.")
    for viewer, text in ((viet_nam, "connectivity"), (thailand, "networks")):
        _accept(
            chair,
            services.propose_amendment(
                viewer=viewer,
                paragraph=second,
                kind="REPLACE",
                target="infrastructure",
                text=text,
                now=now,
            ),
            now,
        )
    events_before = Event.objects.count()
    with pytest.raises(services.MergeConflict) as conflict:
        services.issue_revision(viewer=chair, document=document, now=LATER)
    assert conflict.value.conflicts == ["A-1 and A-2 change the same words (paragraph 2.)."]
    assert DocumentVersion.objects.filter(document=document).count() == 1
    assert Event.objects.count() == events_before
    assert set(Amendment.objects.values_list("status", flat=True)) == {"SUBMITTED"}
    preview = selectors.revision_preview(viewer=chair, document=document)
    assert preview.conflicts == conflict.value.conflicts


def test_an_amendment_whose_words_the_chair_changed_is_a_conflict(document, chair, viet_nam, now):
    second = factories.paragraph(document, "2.")
    _accept(
        chair,
        services.propose_amendment(
            viewer=viet_nam,
            paragraph=second,
            kind="REPLACE",
            target="infrastructure",
            text="connectivity",
            now=now,
        ),
        now,
    )
    services.edit_paragraph(
        viewer=chair,
        paragraph=second,
        markup="Members will cooperate on digital networks and data.",
        expected_revision=1,
        now=now,
    )
    with pytest.raises(services.MergeConflict, match="were changed since"):
        services.issue_revision(viewer=chair, document=document, now=LATER)


def test_only_the_chair_of_the_day_issues_revisions(framework, document, chair_2020, now):
    secretariat = member_factories.person(
        username="sec",
        organisation=member_factories.organisation(framework, "SECRETARIAT"),
        role="SECRETARIAT",
    )
    with pytest.raises(PermissionDenied):
        services.issue_revision(viewer=factories.viewer(secretariat), document=document, now=now)
    from datetime import date

    # In 2021 Brunei Darussalam chairs: Viet Nam's chair of 2020 no longer issues revisions.
    with pytest.raises(PermissionDenied):
        services.issue_revision(
            viewer=factories.viewer(chair_2020, on=date(2021, 1, 4)), document=document, now=now
        )


# Positions, status and ad referendum --------------------------------------------------------


def test_an_unpublished_objection_is_a_note_and_a_published_one_brackets(
    document, thailand, viet_nam, now
):
    paragraph = factories.paragraph(document, "2.")
    note = services.state_position(
        viewer=thailand, paragraph=paragraph, stance="OBJECT", publish=False, now=now
    )
    paragraph.refresh_from_db()
    assert paragraph.status == Status.OPEN
    assert document.events.order_by("-sequence").first().payload["private"] is True  # type: ignore[union-attr]
    with pytest.raises(Exception, match="No position"):
        selectors.get_position(viewer=viet_nam, position_id=note.pk)
    services.publish_position(viewer=thailand, position=note, now=now)
    paragraph.refresh_from_db()
    assert paragraph.status == Status.BRACKETED
    event = document.events.order_by("-sequence").first()
    assert event is not None
    assert (event.payload["stance"], event.payload["status"]) == ("OBJECT", "BRACKETED")
    assert Position.objects.filter(paragraph=paragraph).count() == 1


def test_an_objection_reopens_an_agreed_paragraph(document, chair, thailand, now):
    paragraph = factories.paragraph(document, "2.")
    services.declare_status(viewer=chair, paragraph=paragraph, status=Status.AGREED, now=now)
    services.state_position(viewer=thailand, paragraph=paragraph, stance="OBJECT", now=now)
    paragraph.refresh_from_db()
    assert paragraph.status == Status.BRACKETED


def test_bracketed_text_cannot_be_declared_agreed(document, chair, now):
    with pytest.raises(Conflict, match="still holds square brackets"):
        services.declare_status(
            viewer=chair, paragraph=factories.paragraph(document, "1."), status="AGREED", now=now
        )


def test_agreement_ad_referendum_awaits_the_capitals_named(framework, document, chair, head, now):
    paragraph = factories.paragraph(document, "2.")
    awaiting = services.delegations(framework=framework, codes=["VNM"])
    with pytest.raises(DomainError, match="deadline"):
        services.declare_status(
            viewer=chair, paragraph=paragraph, status="AD_REFERENDUM", awaiting=awaiting, now=now
        )
    services.declare_status(
        viewer=chair,
        paragraph=paragraph,
        status="AD_REFERENDUM",
        deadline=now + timedelta(days=7),
        awaiting=awaiting,
        now=now,
    )
    with pytest.raises(Conflict, match="1 capital has not yet confirmed"):
        services.declare_status(viewer=chair, paragraph=paragraph, status="AGREED", now=now)
    services.answer_ad_referendum(viewer=head, paragraph=paragraph, confirm=True, now=now)
    with pytest.raises(Conflict, match="already answered"):
        services.answer_ad_referendum(viewer=head, paragraph=paragraph, confirm=True, now=now)
    services.declare_status(viewer=chair, paragraph=paragraph, status="AGREED", now=now)
    paragraph.refresh_from_db()
    assert paragraph.status == Status.AGREED


def test_a_capital_that_cannot_confirm_reopens_the_paragraph(
    framework, document, chair, head, viet_nam, now
):
    paragraph = factories.paragraph(document, "2.")
    services.declare_status(
        viewer=chair,
        paragraph=paragraph,
        status="AD_REFERENDUM",
        deadline=now + timedelta(days=7),
        awaiting=services.delegations(framework=framework, codes=["VNM"]),
        now=now,
    )
    with pytest.raises(PermissionDenied):  # a delegate does not answer for the capital
        services.answer_ad_referendum(viewer=viet_nam, paragraph=paragraph, confirm=True, now=now)
    services.answer_ad_referendum(
        viewer=head, paragraph=paragraph, confirm=False, note="Instructions differ.", now=now
    )
    paragraph.refresh_from_db()
    assert (paragraph.status, paragraph.ad_referendum_deadline) == (Status.BRACKETED, None)


# The record ---------------------------------------------------------------------------------


def test_every_change_writes_exactly_one_event_numbered_in_order(
    framework, document, chair, viet_nam, thailand, head, now
):
    second = factories.paragraph(document, "2.")
    steps = [
        lambda: services.add_paragraph(
            viewer=chair, document=document, kind="OPERATIVE", markup="New.", now=now
        ),
        lambda: services.edit_paragraph(
            viewer=chair, paragraph=second, markup="Edited.", expected_revision=1, now=now
        ),
        lambda: services.propose_amendment(
            viewer=viet_nam, paragraph=second, kind="REPLACE", target="digital", text="x", now=now
        ),
        lambda: services.cosponsor_amendment(
            viewer=thailand, amendment=Amendment.objects.get(number=1), now=now
        ),
        lambda: services.recommend_amendment(
            viewer=chair,
            amendment=Amendment.objects.get(number=1),
            recommendation="REJECT",
            now=now,
        ),
        lambda: services.state_position(
            viewer=thailand, paragraph=second, stance="SUPPORT", now=now
        ),
        lambda: services.declare_status(
            viewer=chair,
            paragraph=second,
            status="AD_REFERENDUM",
            deadline=now + timedelta(1),
            awaiting=services.delegations(framework=framework, codes=["VNM"]),
            now=now,
        ),
        lambda: services.answer_ad_referendum(viewer=head, paragraph=second, confirm=True, now=now),
        lambda: services.issue_revision(viewer=chair, document=document, now=LATER),
    ]
    for step in steps:
        before = Event.objects.filter(document=document).count()
        step()
        assert Event.objects.filter(document=document).count() == before + 1
    sequences = list(document.events.order_by("sequence").values_list("sequence", flat=True))
    assert sequences == list(range(1, len(sequences) + 1))


def test_a_private_draft_is_changed_by_its_delegation_at_the_revision_it_read(
    document, viet_nam, head, thailand, now
):
    draft = services.propose_amendment(
        viewer=viet_nam,
        paragraph=factories.paragraph(document, "2."),
        kind="INSERT",
        target="data",
        text="flows",
        submit=False,
        now=now,
    )
    edited = services.edit_amendment(
        viewer=head,
        amendment=draft,
        kind="REPLACE",
        target="data",
        text="information",
        expected_revision=1,
        now=now,
    )
    assert (edited.revision, edited.kind, edited.text) == (2, "REPLACE", "information")
    with pytest.raises(PreconditionFailed):
        services.edit_amendment(
            viewer=viet_nam,
            amendment=draft,
            kind="DELETE",
            target="data",
            expected_revision=1,
            now=now,
        )
    with pytest.raises(PreconditionRequired):
        services.edit_amendment(
            viewer=viet_nam,
            amendment=draft,
            kind="DELETE",
            target="data",
            expected_revision=None,
            now=now,
        )
    with pytest.raises(Exception, match="No such amendment"):
        services.edit_amendment(
            viewer=thailand,
            amendment=draft,
            kind="DELETE",
            target="data",
            expected_revision=2,
            now=now,
        )


def test_a_position_on_an_amendment_is_recorded_and_published(document, viet_nam, thailand, now):
    amendment = services.propose_amendment(
        viewer=thailand,
        paragraph=factories.paragraph(document, "2."),
        kind="DELETE",
        target=" and data",
        now=now,
    )
    services.state_position(viewer=viet_nam, amendment=amendment, stance="OBJECT", now=now)
    event = document.events.order_by("-sequence").first()
    assert event is not None
    assert (event.payload["subject"], event.payload["stance"], event.payload["status"]) == (
        "amendment:A-1",
        "OBJECT",
        None,
    )
    with pytest.raises(DomainError, match="stance"):
        services.state_position(viewer=viet_nam, amendment=amendment, stance="MAYBE", now=now)
