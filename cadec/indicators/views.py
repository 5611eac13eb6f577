"""Pages of the indicators module: thin views over the same selectors and services as the API."""

import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods, require_safe

from cadec.core.errors import DomainError
from cadec.indicators import charts, exports, forms, permissions, selectors, services
from cadec.indicators.models import Indicator
from cadec.members.permissions import viewer_of


def _limit(points: list[tuple[int, float]], first: int | None, last: int | None) -> list:
    return [
        (year, value)
        for year, value in points
        if (first is None or year >= first) and (last is None or year <= last)
    ]


def _table(columns: list[list[tuple[int, float]]]) -> list[tuple[int, list[float | None]]]:
    """Rows of (year, one value or None per column), latest year first."""
    by_column = [dict(points) for points in columns]
    years = sorted({year for points in by_column for year in points}, reverse=True)
    return [(year, [points.get(year) for points in by_column]) for year in years]


def _span(lines: list[charts.Line]) -> tuple[int, int] | None:
    years = [year for line in lines for year, _value in line.points]
    return (min(years), max(years)) if years else None


def _chart_description(
    *, indicator: Indicator, lines: list[charts.Line], subject: str, log_scale: bool
) -> str:
    span = _span(lines)
    if span is None:
        return _("No values to show.")
    text = ngettext(
        "Line chart of %(name)s for %(subject)s, %(first)d to %(last)d: "
        "%(count)d line, for the series %(names)s.",
        "Line chart of %(name)s for %(subject)s, %(first)d to %(last)d: "
        "one line for each of %(count)d series (%(names)s).",
        len(lines),
    ) % {
        "name": indicator.name,
        "subject": subject,
        "first": span[0],
        "last": span[1],
        "count": len(lines),
        "names": ", ".join(line.name for line in lines),
    }
    if log_scale:
        text += " " + _("The vertical axis is logarithmic; values of zero are not drawn.")
    return text + " " + _("The table that follows gives every value.")


def _aggregate_lines(
    aggregate: selectors.Aggregate, first: int | None, last: int | None
) -> list[charts.Line]:
    """The ASEAN line and, beside it, the partner's (China's)."""
    asean = [(p.year, p.value) for p in aggregate.points if p.value is not None]
    series = [("ASEAN", _("ASEAN"), _limit(asean, first, last))]
    if aggregate.partner:
        partner = [
            (p.year, p.partner_value) for p in aggregate.points if p.partner_value is not None
        ]
        series.append(
            (aggregate.partner.iso3, aggregate.partner.name, _limit(partner, first, last))
        )
    return charts.styled(series)


@login_not_required
@require_safe
def indicator_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    return render(
        request,
        "indicators/indicator_list.html",
        {
            "indicators": selectors.indicators(),
            "claim": selectors.internet_claim(on=today),
            "countries": selectors.dashboard_countries(),
            "can_import": permissions.can_import_indicators(viewer_of(request)),
        },
    )


@login_not_required
@require_safe
def indicator_detail(request: HttpRequest, code: str) -> HttpResponse:
    indicator = selectors.get_indicator(code=code)
    form = forms.ViewForm(request.GET)
    valid = form.is_valid()
    options = form.cleaned_data if valid else {}
    first, last = options.get("year_from"), options.get("year_to")
    log_scale = options.get("scale") == "log"
    all_series = selectors.series(indicator=indicator, countries=selectors.dashboard_countries())
    lines = charts.styled(
        [(s.country.iso3, s.country.name, _limit(s.points, first, last)) for s in all_series]
    )
    lines = [line for line in lines if line.points]
    unit = f" ({indicator.unit})" if indicator.unit else ""
    chart = charts.line_chart(
        title=_("%(name)s, every member") % {"name": indicator.name},
        description=_chart_description(
            indicator=indicator, lines=lines, subject=_("every member"), log_scale=log_scale
        ),
        lines=lines,
        y_label=(indicator.unit or indicator.code)[:40],
        x_label=_("Year"),
        dom_id="chart-members",
        log_scale=log_scale,
        empty_text=_("No values in these years."),
    )
    ranking = selectors.ranking(series_list=all_series, year=options.get("year"))
    aggregate = selectors.aggregate(indicator=indicator, on=timezone.localdate())
    aggregate_lines: list[charts.Line] = []
    aggregate_chart = None
    if aggregate.available:
        aggregate_lines = _aggregate_lines(aggregate, first, last)
        aggregate_chart = charts.line_chart(
            title=_("%(name)s: ASEAN beside %(partner)s")
            % {
                "name": indicator.name,
                "partner": aggregate.partner.name if aggregate.partner else "—",
            },
            description=_chart_description(
                indicator=indicator,
                lines=[line for line in aggregate_lines if line.points],
                subject=_("the ASEAN aggregate and its partner"),
                log_scale=log_scale,
            ),
            lines=aggregate_lines,
            y_label=(indicator.unit or indicator.code)[:40],
            x_label=_("Year"),
            dom_id="chart-aggregate",
            log_scale=log_scale,
            empty_text=_("No values in these years."),
        )
    aggregate_rows = [
        p
        for p in reversed(aggregate.points)
        if (first is None or p.year >= first) and (last is None or p.year <= last)
    ]
    return render(
        request,
        "indicators/indicator_detail.html",
        {
            "indicator": indicator,
            "unit": unit,
            "form": form,
            "log_scale": log_scale,
            "chart": chart,
            "legend": [(line, charts.swatch(line)) for line in lines],
            "table_countries": [line.name for line in lines],
            "table": _table([list(line.points) for line in lines]),
            "ranking": ranking,
            "aggregate": aggregate,
            "aggregate_chart": aggregate_chart,
            "aggregate_legend": [(line, charts.swatch(line)) for line in aggregate_lines],
            "aggregate_rows": aggregate_rows,
        },
        status=200 if valid else 400,
    )


def _observations(request: HttpRequest, code: str) -> tuple[Indicator, Any]:
    indicator = selectors.get_indicator(code=code)
    form = forms.ViewForm(request.GET)
    if not form.is_valid():
        errors = "; ".join(
            f"{field}: {' '.join(str(e) for e in field_errors)}"
            for field, field_errors in form.errors.items()
        )
        raise DomainError(errors)
    return indicator, selectors.observations(
        indicator=indicator,
        countries=selectors.dashboard_countries(),
        year_from=form.cleaned_data.get("year_from"),
        year_to=form.cleaned_data.get("year_to"),
    )


@login_not_required
@require_safe
def export_csv(request: HttpRequest, code: str) -> HttpResponse:
    indicator, observations = _observations(request, code)
    response = HttpResponse(
        exports.csv_text(indicator=indicator, observations=observations),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{indicator.code}.csv"'
    return response


@login_not_required
@require_safe
def export_json(request: HttpRequest, code: str) -> HttpResponse:
    indicator, observations = _observations(request, code)
    response = HttpResponse(
        json.dumps(
            exports.json_data(indicator=indicator, observations=observations),
            ensure_ascii=False,
            indent=1,
        ),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{indicator.code}.json"'
    return response


@login_not_required
@require_safe
def country_profile(request: HttpRequest, code: str) -> HttpResponse:
    country = selectors.get_country(code=code)
    rows = selectors.country_profile(country=country)
    profile = []
    for row in rows:
        latest = row.series.latest
        profile.append(
            {
                "indicator": row.indicator,
                "latest": latest,
                "sparkline": charts.sparkline(
                    title=_("%(name)s in %(country)s")
                    % {"name": row.indicator.name, "country": country.name},
                    description=ngettext(
                        "%(count)d value from %(first)d to %(last)d.",
                        "%(count)d values from %(first)d to %(last)d.",
                        len(row.series.points),
                    )
                    % {
                        "count": len(row.series.points),
                        "first": row.series.points[0][0],
                        "last": row.series.points[-1][0],
                    },
                    points=row.series.points,
                    dom_id=f"spark-{row.indicator.pk}",
                ),
            }
        )
    return render(
        request,
        "indicators/country_profile.html",
        {
            "country": country,
            "profile": profile,
            "table_indicators": [row.indicator for row in rows],
            "table": _table([row.series.points for row in rows]),
        },
    )


@csrf_exempt  # checked below, after the size-limited upload handler is in place
@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        request.upload_handlers.insert(
            0, forms.SizeLimitedUploadHandler(request, limit=forms.MAX_UPLOAD_BYTES)
        )
    return _upload(request)


@csrf_protect
def _upload(request: HttpRequest) -> HttpResponse:
    viewer = viewer_of(request)
    if not permissions.can_import_indicators(viewer):
        return render(
            request,
            "core/error.html",
            {"message": _("Only the Secretariat imports indicator data.")},
            status=403,
        )
    problems: list[services.Problem] = []
    status = 200
    if request.method == "POST":
        form = forms.UploadForm(request.POST, request.FILES)
        if getattr(request, "upload_too_large", False):
            form = forms.UploadForm(data={})
            form.is_valid()
            form.errors["file"] = form.error_class([forms.too_large_message()])
            status = 413
        elif form.is_valid():
            upload_file = form.cleaned_data["file"]
            try:
                run = services.import_observations(
                    path_or_file=upload_file,
                    name=upload_file.name,
                    actor=viewer.user,
                    now=timezone.now(),
                    members_only=not form.cleaned_data["all_countries"],
                )
            except services.ImportFailed as error:
                problems = error.problems
                status = 400
            except DomainError as error:
                form.add_error(None, error.message)
                status = error.status
            else:
                messages.success(request, services.describe_run(run))
                return redirect("indicator_upload")
        else:
            status = 400
    else:
        form = forms.UploadForm()
    return render(
        request,
        "indicators/upload.html",
        {
            "form": form,
            "problems": problems,
            "truncated": len(problems) >= services.MAX_PROBLEMS,
            "runs": selectors.recent_imports(),
        },
        status=status,
    )
