"""The indicators API: a thin, public router over the same selectors as the pages."""

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router

from cadec.core.errors import DomainError
from cadec.indicators import exports, selectors
from cadec.indicators.schemas import (
    AggregateOut,
    ClaimOut,
    IndicatorDetailOut,
    IndicatorOut,
    RankingOut,
)
from cadec.members.models import Country
from cadec.members.schemas import ErrorOut

router = Router(tags=["indicators"])
ERRORS = {400: ErrorOut, 404: ErrorOut}


def _countries(codes: list[str] | None) -> list[Country]:
    members = selectors.dashboard_countries()
    if not codes:
        return members
    by_code = {c.iso3: c for c in members} | {c.iso2: c for c in members}
    chosen = []
    for code in codes:
        country = by_code.get(code.strip().upper())
        if country is None:
            raise DomainError(
                _("country: “%(code)s” is not a member's ISO 3166 code.") % {"code": code[:20]},
                field="country",
            )
        chosen.append(country)
    return chosen


@router.get("", response=list[IndicatorOut], auth=None, url_name="indicators")
def list_indicators(request: HttpRequest):
    return selectors.indicators()


@router.get("/claims/internet-users", response=ClaimOut, auth=None, url_name="indicators_claim")
def internet_claim(request: HttpRequest):
    """The share of the combined population of China and ASEAN using the Internet."""
    today = timezone.localdate()
    claim = selectors.internet_claim(on=today)
    if claim is None:
        group = selectors.groups(on=today)
        return {
            "available": False,
            "statement": _("No Internet-use and population figures have been imported yet."),
            "year": None,
            "share": None,
            "users": None,
            "population": None,
            "countries_reporting": 0,
            "countries_total": len(group.members) + (1 if group.partner else 0),
        }
    return {
        "available": True,
        "statement": _(
            "People using the Internet: %(share).1f %% of the combined population of China "
            "and ASEAN in %(year)d."
        )
        % {"share": claim.share, "year": claim.year},
        "year": claim.year,
        "share": claim.share,
        "users": claim.users,
        "population": claim.population,
        "countries_reporting": claim.countries_reporting,
        "countries_total": claim.countries_total,
    }


@router.get(
    "/{code}",
    response={200: IndicatorDetailOut, **ERRORS},
    auth=None,
    url_name="indicator",
)
def get_indicator(
    request: HttpRequest,
    code: str,
    country: list[str] | None = Query(None),  # noqa: B008 (ninja's way to declare a query list)
    year_from: int | None = None,
    year_to: int | None = None,
):
    """One indicator with its observations; filter by ``country`` (repeatable) and years."""
    indicator = selectors.get_indicator(code=code)
    observations = selectors.observations(
        indicator=indicator,
        countries=_countries(country),
        year_from=year_from,
        year_to=year_to,
    )
    return exports.json_data(indicator=indicator, observations=observations)


@router.get(
    "/{code}/export.csv",
    response={200: None, **ERRORS},
    auth=None,
    url_name="indicator_csv",
)
def export_csv(
    request: HttpRequest,
    code: str,
    country: list[str] | None = Query(None),  # noqa: B008
    year_from: int | None = None,
    year_to: int | None = None,
):
    """The same observations as CSV (formula-like text cells neutralised)."""
    indicator = selectors.get_indicator(code=code)
    observations = selectors.observations(
        indicator=indicator,
        countries=_countries(country),
        year_from=year_from,
        year_to=year_to,
    )
    response = HttpResponse(
        exports.csv_text(indicator=indicator, observations=observations),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{indicator.code}.csv"'
    return response


@router.get(
    "/{code}/ranking",
    response={200: RankingOut, **ERRORS},
    auth=None,
    url_name="indicator_ranking",
)
def get_ranking(request: HttpRequest, code: str, year: int | None = None):
    """Members ranked in ``year`` (default: the latest year most members report)."""
    indicator = selectors.get_indicator(code=code)
    ranking = selectors.ranking(
        series_list=selectors.series(
            indicator=indicator, countries=selectors.dashboard_countries()
        ),
        year=year,
    )
    return {
        "indicator": indicator.code,
        "year": ranking.year,
        "entries": ranking.entries,
        "missing": [
            {
                "country": s.country,
                "latest_year": s.latest[0] if s.latest else None,
                "latest_value": s.latest[1] if s.latest else None,
            }
            for s in ranking.missing
        ],
    }


@router.get(
    "/{code}/aggregate",
    response={200: AggregateOut, **ERRORS},
    auth=None,
    url_name="indicator_aggregate",
)
def get_aggregate(request: HttpRequest, code: str):
    """The ASEAN aggregate per year beside the partner's value (empty if not aggregated)."""
    indicator = selectors.get_indicator(code=code)
    aggregate = selectors.aggregate(indicator=indicator, on=timezone.localdate())
    return {
        "indicator": indicator.code,
        "method": aggregate.method,
        "members": aggregate.members,
        "partner": aggregate.partner,
        "points": aggregate.points,
    }
