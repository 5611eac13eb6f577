"""The reference negotiation: a demonstration draft of the Action Plan at Rev.1."""

from collections import Counter

import pytest

from cadec.members import demo
from cadec.members.tests.factories import NOW
from cadec.negotiation import events, reference, selectors
from cadec.negotiation.models import Amendment, Paragraph, Position


@pytest.fixture
def action_plan(framework):  # type: ignore[no-untyped-def]
    demo.create_personas(framework=framework, now=NOW)
    return reference.load_reference_document(framework=framework)


def test_the_action_plan_stands_at_rev_1_clearly_labelled_as_a_demonstration(action_plan):
    assert action_plan.symbol == "ACDEC/2020/1"
    assert "demonstration draft" in action_plan.title
    assert action_plan.note.startswith("Demonstration data")
    assert action_plan.current_version.label == "Rev.1"  # type: ignore[union-attr]


def test_its_brackets_are_held_by_several_delegations(action_plan):
    holders = {
        code
        for entry in selectors.text_of(document=action_plan, version=action_plan.current_version)
        for codes in entry.attributions.values()
        for code in codes
    }
    assert holders == {"CHN", "IDN", "SGP", "THA", "VNM"}


def test_amendments_positions_and_one_paragraph_agreed_ad_referendum(action_plan):
    statuses = Counter(
        Amendment.objects.filter(document=action_plan).values_list("status", flat=True)
    )
    assert statuses == {"MERGED": 5, "SUBMITTED": 3, "DRAFT": 1}
    tabled = selectors.amendments(
        viewer=selectors_viewer(action_plan), document=action_plan, status="SUBMITTED"
    )
    assert {
        tuple(sorted([v.amendment.reference, *v.conflicts_with]))
        for v in tabled
        if v.conflicts_with
    } == {("A-7", "A-8")}
    assert Position.objects.filter(document=action_plan, published=True).count() == 12
    ad_referendum = Paragraph.objects.get(document=action_plan, status="AD_REFERENDUM")
    assert ad_referendum.current.label == "2."  # type: ignore[union-attr]
    assert [c.delegation.country.iso3 for c in ad_referendum.confirmations.all()] == ["THA"]  # type: ignore[union-attr]
    assert Paragraph.objects.filter(document=action_plan, status="AGREED").count() == 2


def selectors_viewer(document):  # type: ignore[no-untyped-def]
    from cadec.members.models import User
    from cadec.negotiation.tests.factories import viewer

    return viewer(User.objects.get(username="sgp.delegate"))


def test_its_record_rebuilds_both_versions_and_loading_again_changes_nothing(
    action_plan, framework
):
    rebuilt = events.replay(selectors.replayable(document=action_plan))
    assert sorted(rebuilt.versions) == [0, 1]
    count = action_plan.events.count()
    assert reference.load_reference_document(framework=framework) == action_plan
    assert action_plan.events.count() == count


@pytest.fixture
def work_plan(framework):  # type: ignore[no-untyped-def]
    from datetime import UTC, datetime

    demo.create_personas(framework=framework, now=datetime(2026, 11, 27, 9, 0, tzinfo=UTC))
    return reference.load_reference_work_plan(framework=framework)


def test_the_work_plan_is_adopted_by_silence_with_its_record(work_plan):
    from cadec.negotiation.models import Adoption, Document

    assert work_plan.status == Document.Status.ADOPTED
    adopted = Adoption.objects.get(document=work_plan)
    assert adopted.via == Adoption.Via.SILENCE
    assert adopted.adopted_at.date().isoformat() == "2020-12-17"
    text = selectors.adopted_text(
        viewer=selectors.member_selectors.viewer_for(
            user=adopted.adopted_by or adopted.version.issued_by, on=adopted.adopted_at.date()
        ),
        document=work_plan,
    )
    assert [(n.kind, n.member) for n in text.notes] == [("reservation", "SGP"), ("footnote", "VNM")]
    (row,) = text.matrix
    cells = {code: state for code, state, _out, _joined in row.cells}
    assert cells["IDN"] == "JOINED"  # after adoption
    assert cells["THA"] == "JOINED"  # before the silence
    assert cells["VNM"] == "IN"
    assert [e.delegation.country.iso3 for e in text.endorsements] == ["VNM", "CHN"]
    rebuilt = events.replay(selectors.replayable(document=work_plan))
    assert rebuilt.adopted["content_sha256"] == adopted.content_sha256


def test_a_corrigendum_is_put_under_silence_by_the_chair_of_the_day(work_plan, framework):
    from datetime import UTC, datetime, timedelta

    from cadec.negotiation.models import Document, SilenceProcedure

    today = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
    corrigendum = reference.put_corrigendum_under_silence(framework=framework, now=today)
    assert corrigendum.status == Document.Status.UNDER_SILENCE
    silence = SilenceProcedure.objects.get(document=corrigendum)
    assert silence.deadline == today + timedelta(hours=72)
    assert silence.started_by.username == "chair.2026"
    # Loading again changes nothing.
    assert (
        reference.put_corrigendum_under_silence(framework=framework, now=today).pk == corrigendum.pk
    )
