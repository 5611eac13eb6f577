"""HTML forms of the members module; they collect input, services decide."""

from functools import cache
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from cadec.members.models import Country, Membership, Organisation, known_time_zones


@cache
def time_zone_choices() -> list[tuple[str, str]]:
    """The members' zones first (what most people pick), then every other IANA zone."""
    member_zones = sorted({z for c in Country.objects.all() for z in c.time_zones})
    others = sorted(known_time_zones() - set(member_zones))
    return [(z, z) for z in ["UTC", *member_zones]] + [(z, z) for z in others if z != "UTC"]


class PreferencesForm(forms.Form):
    display_name = forms.CharField(label=_("Name"), max_length=150, required=False)
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    time_zone = forms.ChoiceField(label=_("Time zone"), choices=())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].choices = time_zone_choices()  # type: ignore[attr-defined]


class PersonForm(forms.Form):
    username = forms.CharField(label=_("User name"), max_length=150)
    display_name = forms.CharField(label=_("Name"), max_length=150)
    email = forms.EmailField(label=_("E-mail"))
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none()
    )
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices)
    start_date = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    end_date = forms.DateField(
        label=_("Until (exclusive)"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    time_zone = forms.ChoiceField(
        label=_("Time zone"),
        required=False,
        choices=(),
        help_text=_("Leave empty to use the time zone of the organisation's country."),
    )
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES, initial="en")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = (  # type: ignore[attr-defined]
            Organisation.objects.select_related("country").order_by("kind", "name")
        )
        self.fields["time_zone"].choices = [  # type: ignore[attr-defined]
            ("", "—"),
            *time_zone_choices(),
        ]


class EndMembershipForm(forms.Form):
    end_date = forms.DateField(
        label=_("Last day is the day before"), widget=forms.DateInput(attrs={"type": "date"})
    )


class ApiTokenForm(forms.Form):
    name = forms.CharField(label=_("Token name"), max_length=100)
    expires_in_days = forms.IntegerField(
        label=_("Valid for (days)"), min_value=1, max_value=366, initial=90
    )


class TwoFactorForm(forms.Form):
    token = forms.RegexField(
        label=_("Six-digit code"),
        regex=r"^\s*\d{6}\s*$",
        error_messages={"invalid": _("Enter the six digits your authenticator app shows.")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )


class ChairDateForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
