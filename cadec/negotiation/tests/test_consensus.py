"""The consensus rule and the paragraph's status, as properties (hypothesis).

An objection from a participating member always blocks; an observer's never does — in the pure
rule, and through the services on a real paragraph.
"""

from datetime import timedelta

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cadec.core.errors import Conflict
from cadec.members.tests import factories as member_factories
from cadec.members.tests.factories import NOW
from cadec.negotiation import consensus, services
from cadec.negotiation.consensus import Stated
from cadec.negotiation.models import Paragraph, Position
from cadec.negotiation.tests import factories

Status = Paragraph.Status
STANCES = st.sampled_from(Position.Stance.values)
PARTIES = st.frozensets(st.integers(1, 12), min_size=1)


def stated(country_ids):  # type: ignore[no-untyped-def]
    return st.lists(st.builds(Stated, country_id=country_ids, stance=STANCES), max_size=15)


@given(parties=PARTIES, positions=stated(st.none() | st.integers(1, 20)), data=st.data())
def test_an_objection_from_a_participating_member_always_blocks(parties, positions, data):
    objector = data.draw(st.sampled_from(sorted(parties)))
    with_objection = [*positions, Stated(objector, Position.Stance.OBJECT)]
    assert not consensus.has_consensus(parties=parties, positions=with_objection)


@given(
    parties=PARTIES,
    positions=stated(st.integers(1, 12)),
    outsiders=stated(st.none() | st.integers(13, 20)),
)
def test_an_observers_objection_never_blocks(parties, positions, outsiders):
    members_only = [p for p in positions if p.country_id in parties]
    heard = [*members_only, *outsiders]  # observers and non-participants, objecting or not
    assert consensus.has_consensus(parties=parties, positions=heard) == consensus.has_consensus(
        parties=parties, positions=members_only
    )


@given(status=st.sampled_from(Status.values), has_brackets=st.booleans(), blocked=st.booleans())
def test_brackets_or_an_objection_bracket_a_paragraph_and_undo_its_agreement(
    status, has_brackets, blocked
):
    settled = consensus.settled(status=status, has_brackets=has_brackets, blocked=blocked)
    if has_brackets or blocked:
        assert settled == Status.BRACKETED
    elif status in (Status.AGREED, Status.AD_REFERENDUM):
        assert settled == status  # an agreement stands while nothing contradicts it
    else:
        assert settled == Status.OPEN


@given(
    target=st.sampled_from([Status.AGREED, Status.AD_REFERENDUM]),
    has_brackets=st.booleans(),
    blocked=st.booleans(),
    pending=st.integers(0, 3),
)
def test_the_chair_may_declare_agreement_only_without_brackets_or_objection(
    target, has_brackets, blocked, pending
):
    reason = consensus.may_declare(
        target=target, has_brackets=has_brackets, blocked=blocked, pending_confirmations=pending
    )
    may = not has_brackets and not blocked and (target != Status.AGREED or pending == 0)
    assert (reason is None) == may


def test_nothing_is_agreed_until_everything_is_agreed():
    assert not consensus.tally(["AGREED", "AGREED", "AD_REFERENDUM"]).everything_agreed
    assert consensus.tally(["AGREED", "AGREED"]).everything_agreed
    assert not consensus.tally([]).everything_agreed


# Through the services --------------------------------------------------------------------

SPEAKERS = ("VNM", "THA", "CHN", "TLS", "OBSERVER")  # Timor-Leste is not yet a member in 2020


@pytest.fixture
def speakers(framework):  # type: ignore[no-untyped-def]
    viewers = {}
    for code in SPEAKERS:
        organisation = (
            member_factories.organisation(framework, "OBSERVER")
            if code == "OBSERVER"
            else member_factories.delegation(framework, code)
        )
        person = member_factories.person(
            username=f"speaker.{code.lower()}",
            organisation=organisation,
            role="OBSERVER" if code == "OBSERVER" else "DELEGATE",
        )
        viewers[code] = factories.viewer(person)
    return viewers


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(said=st.lists(st.tuples(st.sampled_from(SPEAKERS), STANCES), max_size=8))
def test_through_the_services_only_a_participating_member_can_block(
    said, document, chair, speakers
):
    with transaction.atomic():
        paragraph = factories.paragraph(document, "2.")
        last: dict[str, str] = {}
        for minute, (code, stance) in enumerate(said):
            services.state_position(
                viewer=speakers[code],
                paragraph=paragraph,
                stance=stance,
                now=NOW + timedelta(minutes=minute),
            )
            last[code] = stance
        blocked = any(
            stance == Position.Stance.OBJECT and code in ("VNM", "THA", "CHN")
            for code, stance in last.items()
        )
        paragraph.refresh_from_db()
        assert (paragraph.status == Status.BRACKETED) == blocked
        if blocked:
            with pytest.raises(Conflict, match="a participating member objects"):
                services.declare_status(
                    viewer=chair, paragraph=paragraph, status=Status.AGREED, now=NOW
                )
        else:
            services.declare_status(
                viewer=chair, paragraph=paragraph, status=Status.AGREED, now=NOW
            )
            paragraph.refresh_from_db()
            assert paragraph.status == Status.AGREED
        transaction.set_rollback(True)
