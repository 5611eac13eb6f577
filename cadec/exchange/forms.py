"""Forms of the exchange pages; the services check every rule again."""

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from cadec.exchange.models import Kind, Match
from cadec.members.models import Topic


def _topics(kind: str, label: Any) -> forms.ModelMultipleChoiceField:
    return forms.ModelMultipleChoiceField(
        queryset=Topic.objects.filter(kind=kind).order_by("name"),
        required=False,
        label=label,
        widget=forms.CheckboxSelectMultiple,
    )


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    country = forms.CharField(required=False, max_length=3)
    sector = forms.SlugField(required=False)
    theme = forms.SlugField(required=False)
    language = forms.ChoiceField(
        required=False, choices=[("", "—"), *settings.LANGUAGES], label=_("Language")
    )


class PracticeForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(label=_("Summary"), max_length=2000, widget=forms.Textarea)
    body = forms.CharField(
        label=_("Text"),
        required=False,
        widget=forms.Textarea,
        help_text=_("Paragraphs, lists, emphasis and links are kept; other markup is removed."),
    )
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    results = forms.CharField(label=_("Results"), required=False, widget=forms.Textarea)
    contact = forms.CharField(label=_("Contact"), required=False, max_length=200)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sectors"] = _topics(Topic.Kind.SECTOR, _("Sectors"))
        self.fields["themes"] = _topics(Topic.Kind.THEME, _("Themes"))


class TranslationForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(label=_("Summary"), max_length=2000, widget=forms.Textarea)
    body = forms.CharField(label=_("Text"), required=False, widget=forms.Textarea)


class ModerationForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("publish", _("Publish")), ("return", _("Return to the delegation"))]
    )
    reason = forms.CharField(label=_("Reason"), required=False, max_length=1000)


class ListingForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(label=_("Description"), max_length=4000, widget=forms.Textarea)
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sectors"] = _topics(Topic.Kind.SECTOR, _("Sectors"))
        self.fields["themes"] = _topics(Topic.Kind.THEME, _("Themes"))


class MatchStatusForm(forms.Form):
    status = forms.ChoiceField(choices=Match.Status.choices)


class ExpertForm(forms.Form):
    expertise = forms.CharField(label=_("Expertise"), max_length=2000, widget=forms.Textarea)
    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        choices=settings.LANGUAGES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["topics"] = forms.ModelMultipleChoiceField(
            queryset=Topic.objects.order_by("kind", "name"),
            required=False,
            label=_("Themes and sectors"),
            widget=forms.CheckboxSelectMultiple,
        )
