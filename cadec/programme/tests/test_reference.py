"""The reference programme of 2020: one sourced launch, the rest marked as demonstration."""

from datetime import UTC, date, datetime

from cadec.members.demo import create_personas
from cadec.programme.models import ActionItem, Activity, Minutes, Registration, Statement
from cadec.programme.reference import LAUNCH_SOURCE, load_demonstration_programme


def test_the_2020_programme_starts_with_the_sourced_launch_and_marks_the_rest(framework, now):
    create_personas(framework=framework, now=now)
    activities = load_demonstration_programme(framework=framework, now=now)
    launch = activities[0]
    assert launch.starts_at.date() == date(2020, 6, 12)
    assert launch.source == LAUNCH_SOURCE
    assert launch.kind == Activity.Kind.CEREMONY
    assert {a.starts_at.year for a in activities} == {2020}
    assert all(a.is_demonstration for a in activities)
    assert all("demonstration" in a.description.lower() for a in activities)
    assert all(
        "demonstration" in s.body.lower() or "สาธิต" in s.body for s in Statement.objects.all()
    )
    assert all(
        "demonstration" in v.text.lower() for m in Minutes.objects.all() for v in m.versions.all()
    )
    themes = {t.code for a in activities for t in a.topics.filter(kind="THEME")}
    assert len(themes) == 6
    kinds = {a.kind for a in activities}
    assert kinds == set(Activity.Kind.values)
    assert Minutes.objects.get(activity=launch).status == Minutes.Status.APPROVED
    assert Registration.objects.filter(status="APPROVED").exists()


def test_loading_twice_changes_nothing(framework, now):
    first = load_demonstration_programme(framework=framework, now=now)
    again = load_demonstration_programme(framework=framework, now=now)
    assert [a.pk for a in first] == [a.pk for a in again]
    assert Activity.objects.count() == len(first)


def test_some_demonstration_actions_are_overdue_today(framework, now):
    load_demonstration_programme(framework=framework, now=now)
    today = datetime(2021, 6, 1, tzinfo=UTC).date()
    overdue = [a for a in ActionItem.objects.all() if a.is_overdue(today)]
    assert overdue
    assert all("demonstration" in a.title for a in ActionItem.objects.all())
