"""HTML forms of the programme; they collect and parse input, services decide."""

import re
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cadec.members.forms import time_zone_choices
from cadec.members.models import Framework, Organisation, Topic, User
from cadec.programme.models import ActionItem, Activity, Outcome, Registration, Session, Statement

DATE = {"type": "date"}
TIME = {"type": "time"}
MONTH_PATTERN = re.compile(r"^(\d{4})-(\d{2})$")


def _aware(day: date, moment: time, zone: str) -> datetime:
    return datetime.combine(day, moment, tzinfo=ZoneInfo(zone))


class ProgrammeFilterForm(forms.Form):
    theme = forms.ChoiceField(label=_("Theme"), required=False)
    sector = forms.ChoiceField(label=_("Sector"), required=False)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", "—"), *Activity.Kind.choices]
    )
    month = forms.CharField(
        label=_("Month"),
        required=False,
        widget=forms.TextInput(attrs={"type": "month", "placeholder": "2020-06"}),
        help_text=_("Year and month, e.g. 2020-06."),
    )
    page = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args: Any, topics: list[Topic], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, kind in (("theme", Topic.Kind.THEME), ("sector", Topic.Kind.SECTOR)):
            self.fields[name].choices = [  # type: ignore[attr-defined]
                ("", "—"),
                *((t.code, t.name) for t in topics if t.kind == kind),
            ]

    def clean_month(self) -> date | None:
        value = (self.cleaned_data.get("month") or "").strip()
        if not value:
            return None
        match = MONTH_PATTERN.match(value)
        if not match or not 1 <= int(match.group(2)) <= 12:
            raise forms.ValidationError(_("Give the month as YYYY-MM, e.g. 2020-06."))
        return date(int(match.group(1)), int(match.group(2)), 1)


class DisplayZoneForm(forms.Form):
    tz = forms.ChoiceField(label=_("Show times in"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["tz"].choices = [("", "—"), *time_zone_choices()]  # type: ignore[attr-defined]


class ActivityForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=Activity.Kind.choices)
    visibility = forms.ChoiceField(label=_("Who may see it"), choices=Activity.Visibility.choices)
    start_date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs=DATE))
    start_time = forms.TimeField(label=_("Starts"), widget=forms.TimeInput(attrs=TIME))
    end_time = forms.TimeField(label=_("Ends"), widget=forms.TimeInput(attrs=TIME))
    end_date = forms.DateField(
        label=_("Ends on (if not the same day)"),
        required=False,
        widget=forms.DateInput(attrs=DATE),
    )
    time_zone = forms.ChoiceField(
        label=_("Time zone of these times"),
        help_text=_("Calendars show the activity in this zone; everyone sees their own."),
    )
    seats_per_delegation = forms.IntegerField(
        label=_("Seats per delegation"), min_value=1, max_value=200, initial=5
    )
    topics = forms.ModelMultipleChoiceField(
        label=_("Themes and sectors"),
        queryset=Topic.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    organisers = forms.ModelMultipleChoiceField(
        label=_("Organisers (co-chairs)"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    invited = forms.ModelMultipleChoiceField(
        label=_("Invited observers and partners"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )

    def __init__(self, *args: Any, framework: Framework, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].choices = time_zone_choices()  # type: ignore[attr-defined]
        self.fields["topics"].queryset = Topic.objects.filter(  # type: ignore[attr-defined]
            framework=framework
        ).order_by("kind", "pk")
        organisations = Organisation.objects.filter(framework=framework).order_by("name")
        self.fields["organisers"].queryset = organisations.filter(  # type: ignore[attr-defined]
            kind=Organisation.Kind.DELEGATION
        )
        self.fields["invited"].queryset = organisations.exclude(  # type: ignore[attr-defined]
            kind=Organisation.Kind.DELEGATION
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        needed = ("start_date", "start_time", "end_time", "time_zone")
        if all(data.get(name) is not None for name in needed):
            zone = data["time_zone"]
            data["starts_at"] = _aware(data["start_date"], data["start_time"], zone)
            data["ends_at"] = _aware(
                data.get("end_date") or data["start_date"], data["end_time"], zone
            )
            if data["ends_at"] <= data["starts_at"]:
                self.add_error("end_time", _("The end must come after the start."))
        return data

    def activity_fields(self) -> dict[str, Any]:
        """The cleaned data as the keyword arguments of create_activity and update_activity."""
        data = self.cleaned_data
        return {
            "title": data["title"],
            "description": data["description"],
            "kind": data["kind"],
            "visibility": data["visibility"],
            "starts_at": data["starts_at"],
            "ends_at": data["ends_at"],
            "time_zone": data["time_zone"],
            "seats_per_delegation": data["seats_per_delegation"],
            "topic_ids": [t.pk for t in data["topics"]],
            "organiser_ids": [o.pk for o in data["organisers"]],
            "invited_ids": [o.pk for o in data["invited"]],
        }

    @staticmethod
    def initial_for(activity: Activity) -> dict[str, Any]:
        zone = ZoneInfo(activity.time_zone)
        starts, ends = activity.starts_at.astimezone(zone), activity.ends_at.astimezone(zone)
        return {
            "title": activity.title,
            "kind": activity.kind,
            "visibility": activity.visibility,
            "start_date": starts.date(),
            "start_time": starts.time().replace(tzinfo=None),
            "end_time": ends.time().replace(tzinfo=None),
            "end_date": ends.date() if ends.date() != starts.date() else None,
            "time_zone": activity.time_zone,
            "seats_per_delegation": activity.seats_per_delegation,
            "topics": list(activity.topics.all()),
            "organisers": list(activity.organisers.all()),
            "invited": list(activity.invited.all()),
            "description": activity.description,
        }


class SessionForm(forms.Form):
    title = forms.CharField(label=_("Session title"), max_length=200)
    start_date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs=DATE))
    start_time = forms.TimeField(label=_("Starts"), widget=forms.TimeInput(attrs=TIME))
    end_time = forms.TimeField(label=_("Ends"), widget=forms.TimeInput(attrs=TIME))

    def __init__(self, *args: Any, activity: Activity, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.zone = activity.time_zone

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if all(data.get(n) is not None for n in ("start_date", "start_time", "end_time")):
            data["starts_at"] = _aware(data["start_date"], data["start_time"], self.zone)
            data["ends_at"] = _aware(data["start_date"], data["end_time"], self.zone)
            if data["ends_at"] <= data["starts_at"]:
                self.add_error("end_time", _("The end must come after the start."))
        return data


class AgendaItemForm(forms.Form):
    session = forms.ModelChoiceField(label=_("Session"), queryset=Session.objects.none())
    title = forms.CharField(label=_("Agenda item"), max_length=300)
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"), min_value=1, max_value=1440
    )
    speakers = forms.CharField(
        label=_("Speakers"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line."),
    )

    def __init__(self, *args: Any, activity: Activity, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = activity.sessions.order_by(  # type: ignore[attr-defined]
            "starts_at", "pk"
        )

    def clean_speakers(self) -> list[str]:
        lines = (self.cleaned_data.get("speakers") or "").splitlines()
        return [line.strip() for line in lines if line.strip()]


class RegistrationForm(forms.Form):
    organisation = forms.IntegerField(widget=forms.HiddenInput)
    person = forms.TypedChoiceField(label=_("Person"), coerce=int)

    def __init__(self, *args: Any, people: list[User] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = [  # type: ignore[attr-defined]
            (p.pk, str(p)) for p in (people or [])
        ]

    @classmethod
    def for_choice(cls, *, data: Any) -> "RegistrationForm":
        """A bound form that accepts any person id; the service checks who may be registered."""
        form = cls(data)
        form.fields["person"] = forms.IntegerField(label=_("Person"), min_value=1)
        return form


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=[("approve", _("Approve")), ("decline", _("Decline"))]
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=2000)


class AttendanceForm(forms.Form):
    def __init__(self, *args: Any, registrations: list[Registration], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.registrations = registrations
        for registration in registrations:
            self.fields[f"attendance_{registration.pk}"] = forms.ChoiceField(
                label=str(registration.person),
                choices=Registration.Attendance.choices,
                initial=registration.attendance,
                widget=forms.RadioSelect,
            )

    def values(self) -> dict[int, str]:
        return {
            int(name.removeprefix("attendance_")): value
            for name, value in self.cleaned_data.items()
            if name.startswith("attendance_")
        }


class StatementForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Author delegation"), queryset=Organisation.objects.none()
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=Statement.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=300)
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    delivered_by = forms.CharField(label=_("Delivered by"), required=False, max_length=200)
    body = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 8}))

    def __init__(self, *args: Any, organisations: list[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(  # type: ignore[attr-defined]
            pk__in=[o.pk for o in organisations]
        ).order_by("name")


class MinutesDraftForm(forms.Form):
    text = forms.CharField(label=_("Minutes"), widget=forms.Textarea(attrs={"rows": 16}))
    note = forms.CharField(label=_("What changed"), required=False, max_length=300)
    base_version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)


class MinutesApproveForm(forms.Form):
    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)


class CorrectionForm(forms.Form):
    text = forms.CharField(
        label=_("Your correction"), max_length=20_000, widget=forms.Textarea(attrs={"rows": 4})
    )


class OutcomeForm(forms.Form):
    text = forms.CharField(
        label=pgettext_lazy("meeting outcome", "Outcome"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ActionItemForm(forms.Form):
    title = forms.CharField(label=_("Action"), max_length=300)
    owner = forms.ModelChoiceField(
        label=_("Owner delegation"), queryset=Organisation.objects.none()
    )
    due_date = forms.DateField(label=_("Due"), widget=forms.DateInput(attrs=DATE))
    outcome = forms.ModelChoiceField(
        label=_("From outcome"), queryset=Outcome.objects.none(), required=False
    )

    def __init__(self, *args: Any, activity: Activity, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = Organisation.objects.filter(  # type: ignore[attr-defined]
            framework_id=activity.framework_id, kind=Organisation.Kind.DELEGATION
        ).order_by("name")
        self.fields["outcome"].queryset = activity.outcomes.order_by(  # type: ignore[attr-defined]
            "position"
        )


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ActionItem.Status.choices)


class ActionFilterForm(forms.Form):
    overdue = forms.BooleanField(label=_("Only overdue"), required=False)


class FeedForm(forms.Form):
    scope = forms.ChoiceField(label=_("Calendar"), choices=[])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from cadec.programme.models import FeedToken

        self.fields["scope"].choices = FeedToken.Scope.choices  # type: ignore[attr-defined]


class SchedulingForm(forms.Form):
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"), min_value=15, max_value=600, initial=120
    )
    first_day = forms.DateField(label=_("From (UTC date)"), widget=forms.DateInput(attrs=DATE))
    last_day = forms.DateField(label=_("Until (UTC date)"), widget=forms.DateInput(attrs=DATE))
    working_start = forms.TimeField(
        label=_("Working day starts"), initial=time(8, 0), widget=forms.TimeInput(attrs=TIME)
    )
    working_end = forms.TimeField(
        label=_("Working day ends"), initial=time(18, 0), widget=forms.TimeInput(attrs=TIME)
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("working_start"), data.get("working_end")
        if start is not None and end is not None and end <= start:
            self.add_error("working_end", _("The working day must end after it starts."))
        first, last = data.get("first_day"), data.get("last_day")
        if first is not None and last is not None:
            if last < first:
                self.add_error("last_day", _("The window must end on or after its first day."))
            elif last - first >= timedelta(days=92):
                self.add_error("last_day", _("The window may span at most 92 days."))
        return data
