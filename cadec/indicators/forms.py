"""HTML forms of the indicators module; they collect input, services decide."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

MAX_UPLOAD_BYTES = 50 * 1024 * 1024
MIN_YEAR, MAX_YEAR = 1800, 2200


def too_large_message() -> str:
    return str(
        _(
            "The file is larger than %(limit)d MB, the limit for an upload. Split it into "
            "several files, or ask an administrator to run “cadec import-indicators FILE”."
        )
        % {"limit": MAX_UPLOAD_BYTES // (1024 * 1024)}
    )


class SizeLimitedUploadHandler(FileUploadHandler):
    """Stop reading an upload as soon as it passes the limit, and say so to the view."""

    def __init__(self, request: HttpRequest, *, limit: int) -> None:
        super().__init__(request)
        self.limit = limit
        self.received = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.received += len(raw_data)
        if self.received > self.limit:
            self.request.upload_too_large = True  # type: ignore[union-attr]
            raise StopUpload(connection_reset=False)
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "UTF-8, comma-separated: the tidy layout (country_iso3, indicator_code, "
            "indicator_name, year, value, source) or a World Bank bulk download "
            "(API_…_DS2_en_csv_v2_….csv). At most 50 MB."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )
    all_countries = forms.BooleanField(
        label=_("Also import countries that CADEC knows but that are not members"),
        required=False,
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise ValidationError(too_large_message())
        if not upload.name.lower().endswith((".csv", ".txt")):
            raise ValidationError(
                _("“%(name)s” is not a CSV file; choose a file ending in .csv.")
                % {"name": upload.name}
            )
        return upload


class ViewForm(forms.Form):
    """The years shown on an indicator's page, the ranking year and the scale of the chart."""

    year_from = forms.IntegerField(
        label=_("From"), min_value=MIN_YEAR, max_value=MAX_YEAR, required=False
    )
    year_to = forms.IntegerField(
        label=_("To"), min_value=MIN_YEAR, max_value=MAX_YEAR, required=False
    )
    year = forms.IntegerField(
        label=_("Ranking year"), min_value=MIN_YEAR, max_value=MAX_YEAR, required=False
    )
    scale = forms.ChoiceField(
        label=_("Scale"),
        choices=[("linear", _("linear")), ("log", _("logarithmic"))],
        required=False,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, last = data.get("year_from"), data.get("year_to")
        if first is not None and last is not None and first > last:
            self.add_error("year_to", _("The last year comes before the first."))
        return data
