"""HTML forms of the negotiation; they collect input, services decide."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cadec.negotiation.models import Amendment, Paragraph, Position

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
MARKUP_HELP = _(
    "Square brackets mark text that is not agreed; brackets written back to back are "
    "alternatives. Name who holds a bracket right after it: [shall]{VNM THA}."
)


class DocumentForm(forms.Form):
    symbol = forms.CharField(label=_("Symbol"), max_length=40, help_text=_("e.g. ACDEC/2020/1"))
    title = forms.CharField(label=_("Title"), max_length=300)
    deadline = forms.DateTimeField(
        label=_("Consensus due by"), widget=DATETIME, help_text=_("In your time zone.")
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ImportForm(DocumentForm):
    file = forms.FileField(
        label=_("Plain-text draft (UTF-8)"),
        required=False,
        help_text=_(
            "Numbered paragraphs (1., 3bis., (a)), headings starting with #, square brackets "
            "as written. Or paste the text below."
        ),
    )
    text = forms.CharField(
        label=_("Or paste the text"), required=False, widget=forms.Textarea(attrs={"rows": 8})
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("file") and not (data.get("text") or "").strip():
            self.add_error("file", _("Choose a file or paste the text."))
        return data


class ParagraphForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"), choices=Paragraph.Kind.choices, initial=Paragraph.Kind.OPERATIVE
    )
    level = forms.IntegerField(
        label=_("Level"),
        min_value=0,
        max_value=3,
        initial=0,
        help_text=_("0 for a paragraph, 1 for a sub-paragraph."),
    )
    label = forms.CharField(
        label=_("Number"),
        max_length=32,
        required=False,
        help_text=_("e.g. PP3, 4., (b); leave empty for a heading."),
    )
    text = forms.CharField(
        label=_("Text"), widget=forms.Textarea(attrs={"rows": 5}), help_text=MARKUP_HELP
    )
    after = forms.ChoiceField(label=_("Place it after"), required=False)

    def __init__(self, *args: Any, placements: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["after"].choices = [  # type: ignore[attr-defined]
            ("", _("the last paragraph")),
            ("^", _("(at the start)")),
            *placements,
        ]


class ParagraphEditForm(forms.Form):
    label = forms.CharField(label=_("Number"), max_length=32, required=False)
    text = forms.CharField(
        label=_("Text"), widget=forms.Textarea(attrs={"rows": 8}), help_text=MARKUP_HELP
    )
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class AmendmentForm(forms.Form):
    paragraph = forms.ChoiceField(label=_("Paragraph"))
    kind = forms.ChoiceField(
        label=_("Amendment"),
        choices=Amendment.Kind.choices,
        widget=forms.RadioSelect,
        initial=Amendment.Kind.REPLACE,
    )
    whole_paragraph = forms.BooleanField(
        label=_("The whole paragraph"),
        required=False,
        help_text=_(
            "Insert: a new paragraph after this one. Delete: remove the paragraph. "
            "Replace or alternative: its whole text."
        ),
    )
    target = forms.CharField(
        label=_("Existing words"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Quote them exactly. Insert puts your text right after them."),
    )
    occurrence = forms.IntegerField(
        label=_("Which occurrence"),
        min_value=1,
        initial=1,
        help_text=_("1 for the first place these words appear."),
    )
    text = forms.CharField(
        label=_("Proposed text"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, paragraphs: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["paragraph"].choices = paragraphs  # type: ignore[attr-defined]


class AmendmentEditForm(AmendmentForm):
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class PositionForm(forms.Form):
    stance = forms.ChoiceField(
        label=pgettext_lazy("delegation's stance", "Position"),
        choices=Position.Stance.choices,
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    publish = forms.BooleanField(
        label=_("Publish it to all delegations now"),
        required=False,
        initial=True,
        help_text=_("Unpublished, it is your delegation's own note."),
    )


class DeclareForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Declare"),
        choices=[
            (Paragraph.Status.AGREED, _("agreed")),
            (Paragraph.Status.AD_REFERENDUM, _("agreed ad referendum")),
            (Paragraph.Status.OPEN, _("reopened")),
        ],
        widget=forms.RadioSelect,
    )
    deadline = forms.DateTimeField(label=_("Capitals confirm by"), required=False, widget=DATETIME)
    awaiting = forms.MultipleChoiceField(
        label=_("Capitals awaited"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, delegations: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["awaiting"].choices = delegations  # type: ignore[attr-defined]


class AnswerForm(forms.Form):
    confirm = forms.TypedChoiceField(
        label=_("The capital"),
        choices=[("yes", _("confirms the agreement")), ("no", _("cannot confirm"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class RecommendForm(forms.Form):
    recommendation = forms.ChoiceField(
        label=_("Recommendation"),
        choices=Amendment.Recommendation.choices,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class IssueForm(forms.Form):
    note = forms.CharField(
        label=_("Note on this version"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class CompareForm(forms.Form):
    old = forms.ChoiceField(label=_("From"))
    new = forms.ChoiceField(label=_("To"))

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["old"].choices = choices  # type: ignore[attr-defined]
        self.fields["new"].choices = choices  # type: ignore[attr-defined]


class SilenceForm(forms.Form):
    hours = forms.IntegerField(
        label=_("Silence lasts (hours)"),
        min_value=1,
        max_value=720,
        initial=72,
        help_text=_("72 hours unless the chair decides otherwise; at most 30 days."),
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )


class OptionalReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class FootnoteForm(forms.Form):
    text = forms.CharField(
        label=_("Footnote"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class FlexibleForm(forms.Form):
    flexible = forms.BooleanField(label=_("Flexible: members may opt out"), required=False)


class EndorseForm(forms.Form):
    content_sha256 = forms.RegexField(
        label=_("SHA-256 of the adopted text"),
        regex=r"^\s*[0-9a-fA-F]{64}\s*$",
        error_messages={"invalid": _("give the 64 hexadecimal characters of the SHA-256.")},
    )
