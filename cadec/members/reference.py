"""The reference configuration: ASEAN–China and its 2020 Year of Digital Economy Cooperation.

The countries, time zones and chair rotation come from the CSV files beside this module (copied
from the project's reference data; sources in ``reference/SOURCES.md``). A framework is data: a
different cooperation is another configuration loaded the same way, not new code.
"""

import csv
from datetime import date, datetime
from pathlib import Path

from django.db import transaction

from cadec.core import audit
from cadec.members.models import (
    ChairTerm,
    CooperationYear,
    Country,
    Framework,
    Organisation,
    Participation,
    Topic,
)

REFERENCE_DIR = Path(__file__).parent / "reference"
FRAMEWORK_SLUG = "asean-china"

# Themes of the 2020 activities and the sectors of the exchange (DESIGN.md), with their names in
# the working language and in the UI's complete languages.
THEMES = [
    (
        "smart-cities",
        "Smart cities",
        {
            "zh-hans": "智慧城市",
            "vi": "Thành phố thông minh",
            "th": "เมืองอัจฉริยะ",
            "id": "Kota cerdas",
        },
    ),
    (
        "big-data",
        "Big data",
        {"zh-hans": "大数据", "vi": "Dữ liệu lớn", "th": "บิ๊กดาต้า", "id": "Mahadata"},
    ),
    (
        "artificial-intelligence",
        "Artificial intelligence",
        {
            "zh-hans": "人工智能",
            "vi": "Trí tuệ nhân tạo",
            "th": "ปัญญาประดิษฐ์",
            "id": "Kecerdasan artifisial",
        },
    ),
    (
        "digital-pandemic-control",
        "Pandemic control through digital methods",
        {
            "zh-hans": "数字化疫情防控",
            "vi": "Phòng chống dịch bằng công nghệ số",
            "th": "การควบคุมโรคระบาดด้วยวิธีดิจิทัล",
            "id": "Pengendalian pandemi secara digital",
        },
    ),
    (
        "digital-infrastructure",
        "Digital infrastructure",
        {
            "zh-hans": "数字基础设施",
            "vi": "Hạ tầng số",
            "th": "โครงสร้างพื้นฐานดิจิทัล",
            "id": "Infrastruktur digital",
        },
    ),
    (
        "economic-transformation",
        "Digital economic transformation",
        {
            "zh-hans": "经济数字化转型",
            "vi": "Chuyển đổi số nền kinh tế",
            "th": "การเปลี่ยนผ่านทางเศรษฐกิจสู่ดิจิทัล",
            "id": "Transformasi ekonomi digital",
        },
    ),
]
SECTORS = [
    ("retail", "Retail", {"zh-hans": "零售", "vi": "Bán lẻ", "th": "ค้าปลีก", "id": "Ritel"}),
    (
        "transportation",
        "Transportation",
        {"zh-hans": "交通运输", "vi": "Giao thông vận tải", "th": "การขนส่ง", "id": "Transportasi"},
    ),
    (
        "manufacturing",
        "Manufacturing",
        {"zh-hans": "制造业", "vi": "Sản xuất", "th": "การผลิต", "id": "Manufaktur"},
    ),
    (
        "finance",
        "Finance",
        {"zh-hans": "金融", "vi": "Tài chính", "th": "การเงิน", "id": "Keuangan"},
    ),
    (
        "agriculture",
        "Agriculture",
        {"zh-hans": "农业", "vi": "Nông nghiệp", "th": "เกษตรกรรม", "id": "Pertanian"},
    ),
    (
        "health",
        "Health",
        {"zh-hans": "卫生健康", "vi": "Y tế", "th": "สาธารณสุข", "id": "Kesehatan"},
    ),
]


def _rows(name: str) -> list[dict[str, str]]:
    with (REFERENCE_DIR / name).open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(";") if part.strip()]


@transaction.atomic
def load_countries() -> dict[str, Country]:
    """Create or update the twelve countries; return them by ISO alpha-3 code."""
    zones: dict[str, list[str]] = {}
    for row in _rows("timezones.csv"):
        zones.setdefault(row["iso3166_alpha2"], []).append(row["tzid"])
    countries = {}
    for row in _rows("countries.csv"):
        accession = row["asean_accession_date"]
        country, _created = Country.objects.update_or_create(
            iso2=row["iso3166_alpha2"],
            defaults={
                "iso3": row["iso3166_alpha3"],
                "numeric": row["iso3166_numeric"],
                "name": row["asean_short_name"] or row["un_short_name"],
                "formal_name": row["un_formal_name"],
                "capital": row["capital"],
                "languages": [
                    iso1 if iso1 != "-" else iso3
                    for iso1, iso3 in zip(
                        _split(row["official_languages_iso639_1"]),
                        _split(row["official_languages_iso639_3"]),
                        strict=True,
                    )
                ],
                "language_names": _split(row["official_languages"]),
                "time_zones": zones.get(row["iso3166_alpha2"], _split(row["iana_time_zones"])),
                "currency": row["currency_iso4217"],
                "dial_code": row["dial_code"],
                "cctld": row["cctld"],
                "asean_accession_date": date.fromisoformat(accession) if accession else None,
            },
        )
        countries[country.iso3] = country
    return countries


@transaction.atomic
def load_reference_configuration(*, now: datetime) -> Framework:
    """Load ASEAN–China with its participants, chairs, 2020 year, themes and organisations."""
    countries = load_countries()
    china = countries["CHN"]
    framework = Framework.objects.create(
        slug=FRAMEWORK_SLUG,
        name="ASEAN–China",
        description=(
            "Cooperation between the ASEAN Member States and China, a Dialogue Partner, with the "
            "ASEAN Secretariat and the rotating ASEAN Chair co-chairing with China."
        ),
        working_language="en",
        co_chair=china,
    )
    for row in _rows("countries.csv"):
        country = countries[row["iso3166_alpha3"]]
        accession = country.asean_accession_date
        Participation.objects.create(
            framework=framework,
            country=country,
            kind=Participation.Kind.MEMBER,
            status_label=row["asean_status"],
            start_date=accession,
        )
        Organisation.objects.create(
            framework=framework,
            kind=Organisation.Kind.DELEGATION,
            country=country,
            name=f"Delegation of {country.name}",
        )
    Organisation.objects.create(
        framework=framework, kind=Organisation.Kind.SECRETARIAT, name="ASEAN Secretariat"
    )
    Organisation.objects.create(
        framework=framework, kind=Organisation.Kind.OBSERVER, name="Accredited observers"
    )
    for row in _rows("chairs.csv"):
        status = row["status"].upper()
        ChairTerm.objects.create(
            framework=framework,
            year=int(row["year"]),
            country=countries[row["chair_iso3"]] if row["chair_iso3"] else None,
            status=status,
            note=row["note"],
            sources=row["sources"],
        )
    CooperationYear.objects.create(
        framework=framework,
        year=2020,
        title="China–ASEAN Year of Digital Economy Cooperation",
        launched_date=date(2020, 6, 12),
        summary=(
            "Launched by teleconference among eleven countries on 12 June 2020, carried on "
            "through online activities on smart cities, big data, artificial intelligence, "
            "pandemic control through digital methods, digital infrastructure and economic "
            "transformation, with a consensus document to guide future cooperation due by the "
            "end of the year."
        ),
        source="http://www.asean-china-center.org/english/2020-06/4969.html",
    )
    for kind, topics in ((Topic.Kind.THEME, THEMES), (Topic.Kind.SECTOR, SECTORS)):
        for code, name, translations in topics:
            Topic.objects.create(
                framework=framework, kind=kind, code=code, name=name, translations=translations
            )
    audit.record(
        action="framework.loaded", target=framework, actor=None, now=now, slug=FRAMEWORK_SLUG
    )
    return framework
