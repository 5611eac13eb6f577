"""V1: a corpus of XSS payloads, written into every user-text field, stays inert on every page.

The payloads go in the way users put them in — through the JSON API with each author's bearer
token, the indicator import and the expert directory's service — mixed with Chinese and Thai text.
Then every page that shows them is fetched by a member who may see it and parsed as HTML: no
script, event-handler attribute, ``javascript:`` link or embedding element may come from the
corpus, every page must show corpus text (escaped), and every page carries the CSP header.
"""

import json
import re
from dataclasses import dataclass, field
from datetime import timedelta
from html.parser import HTMLParser
from pathlib import Path
from unittest import mock
from urllib.parse import urlencode

import pytest
from django.test import Client
from django.urls import reverse

from cadec.exchange import services as exchange_services
from cadec.exchange.models import Match
from cadec.indicators.services import import_observations
from cadec.members import services as member_services
from cadec.members.models import Membership, Organisation, Topic, User
from cadec.members.selectors import viewer_for
from cadec.members.tests.factories import NOW
from cadec.negotiation.models import Paragraph
from conftest import sign_in

# Each payload carries its own marker (xss01 …); a marker inside anything a browser would run
# means the payload got through.
PAYLOADS = [
    "<script>alert('xss01')</script>",
    "<img src=x onerror=\"alert('xss02')\">",
    "<svg onload=alert('xss03')>",
    "<a href=\"javascript:alert('xss04')\">xss04</a>",
    "</textarea><script>alert('xss05')</script>",
    "\"><script>alert('xss06')</script>",
    "' onmouseover='alert(\"xss07\")' x='",
    '" autofocus onfocus="alert(\'xss08\')" x="',
    "<iframe src=\"javascript:alert('xss09')\"></iframe>",
    "<a href=\" &#14;jav&#x09;ascript:alert('xss10')\">xss10</a>",
    "<details open ontoggle=alert('xss11')>xss11</details>",
    "<svg><script>alert('xss12')</script></svg>",
    "<object data=\"javascript:alert('xss13')\"></object>",
    "<base href=\"javascript:alert('xss14')//\">",
    '<meta http-equiv="refresh" content="0;url=javascript:alert(\'xss15\')">',
    "<form action=\"javascript:alert('xss16')\"><button>xss16</button></form>",
    "<scr<script>ipt>alert('xss17')</scr</script>ipt>",
    "<style>@import 'javascript:alert(\"xss18\")';</style>",
    "[xss19](javascript:alert('xss19'))",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert('xss20')>",
]
MARKER = re.compile(r"xss\d\d")
CJK_THAI = "数字经济合作 การแลกเปลี่ยนประสบการณ์"
LONG = "\n\n".join(f"{CJK_THAI} {payload} {CJK_THAI}" for payload in PAYLOADS)
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "xlink:href", "poster", "srcdoc"}
# Elements that run, embed or redirect: none of them may carry corpus text in an attribute.
EMBEDDING_TAGS = {"iframe", "frame", "object", "embed", "base", "meta", "link", "style", "form"}
EMBEDDING_TAGS |= {"svg", "math", "details", "template"}


def short(index: int, *, limit: int = 200) -> str:
    """One payload (by rotation) with some Chinese and Thai, within ``limit`` characters."""
    for offset in range(len(PAYLOADS)):
        value = f"{CJK_THAI[:6]} {PAYLOADS[(index + offset) % len(PAYLOADS)]}"
        if len(value) <= limit:
            return value
    raise AssertionError(f"no payload fits in {limit} characters")


def unbracketed(text: str) -> str:
    """Negotiated text reads square brackets as its own markup (bracketed wording)."""
    return text.replace("[", "(").replace("]", ")")


def _executable_url(value: str) -> bool:
    """Whether a URL attribute would run script, read as a browser reads it."""
    cleaned = re.sub(r"[\x00-\x20]", "", value).lower()
    return cleaned.startswith(("javascript:", "vbscript:", "data:text/html"))


@dataclass
class PageAudit(HTMLParser):
    """What a page would run or embed, and which corpus markers it shows as text."""

    shown: set[str] = field(default_factory=set)
    problems: list[str] = field(default_factory=list)
    _open: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__(convert_charrefs=True)

    def handle_starttag(self, tag, attrs):  # type: ignore[no-untyped-def]
        self._open.append(tag)
        self.handle_starttag_values(attrs)
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}={value!r}>: an event-handler attribute")
            if name in URL_ATTRIBUTES and _executable_url(value):
                self.problems.append(f"<{tag} {name}={value!r}>: a script URL")
            if tag == "meta" and name == "content" and "javascript:" in value.lower():
                self.problems.append(f"<meta content={value!r}>: a script refresh")
            if tag in EMBEDDING_TAGS | {"script"} and MARKER.search(value):
                self.problems.append(f"<{tag} {name}={value!r}>: an element from the corpus")
        if tag in ("base",) and attrs:
            self.problems.append(f"<base {attrs!r}>: changes where links point")

    def handle_startendtag(self, tag, attrs):  # type: ignore[no-untyped-def]
        self.handle_starttag(tag, attrs)
        self._open.pop()

    def handle_endtag(self, tag):  # type: ignore[no-untyped-def]
        while self._open and self._open.pop() != tag:
            pass

    def handle_data(self, data):  # type: ignore[no-untyped-def]
        current = self._open[-1] if self._open else ""
        if current in ("script", "style") and MARKER.search(data):
            self.problems.append(f"<{current}> with corpus text: {data[:80]!r}")
        self.shown.update(MARKER.findall(data))

    def handle_starttag_values(self, attrs):  # type: ignore[no-untyped-def]
        for _name, value in attrs:
            self.shown.update(MARKER.findall(value or ""))


def audit(html: str) -> PageAudit:
    parser = PageAudit()
    parser.feed(html)
    parser.close()
    return parser


# ---------------------------------------------------------------------------------------------


class Api:
    """The JSON API as one person uses it, with a bearer token."""

    def __init__(self, user: User) -> None:
        from django.utils import timezone

        _token, raw = member_services.create_api_token(
            viewer=viewer_for(user=user, on=timezone.now().date()),
            name="xss",
            now=timezone.now(),
            lifetime=timedelta(days=30),
        )
        self.client = Client(headers={"authorization": f"Bearer {raw}"})

    def call(self, method: str, path: str, body: dict | None = None) -> dict:
        response = self.client.generic(
            method,
            "/api/v1" + path,
            data=json.dumps(body or {}),
            content_type="application/json",
        )
        assert response.status_code < 300, f"{method} {path}: {response.content.decode()[:500]}"
        return response.json()

    def post(self, path: str, body: dict | None = None) -> dict:
        return self.call("POST", path, body)

    def put(self, path: str, body: dict | None = None) -> dict:
        return self.call("PUT", path, body)


@pytest.fixture
def on_launch_day():  # type: ignore[no-untyped-def]
    """The clock at 12 June 2020, when chair_2020 holds the ASEAN Chair, running at real pace."""
    from django.utils import timezone

    real_now = timezone.now
    start = real_now()
    with mock.patch("django.utils.timezone.now", side_effect=lambda: NOW + (real_now() - start)):
        yield


@pytest.fixture
def people(  # type: ignore[no-untyped-def]
    on_launch_day,
    observer,
    delegate_viet_nam,
    head_viet_nam,
    delegate_thailand,
    chair_2020,
    secretariat_officer,
):
    return {
        "observer": observer,
        "delegate": delegate_viet_nam,
        "head": head_viet_nam,
        "thai": delegate_thailand,
        "chair": chair_2020,
        "secretariat": secretariat_officer,
    }


@pytest.fixture
def written(people, framework, tmp_path: Path):  # type: ignore[no-untyped-def]
    """Every user-text field of every module, filled from the corpus; the ids of what was made."""
    api = {role: Api(user) for role, user in people.items()}
    viet_nam = Membership.objects.get(user=people["delegate"]).organisation
    made: dict[str, int | str] = {}

    # members: a person's name (by the Secretariat), one's own name, an organisation's name
    person = api["secretariat"].post(
        "/people",
        {
            "username": "xss.person",
            "display_name": short(0, limit=150),
            "email": "xss.person@example.org",
            "organisation_id": viet_nam.pk,
            "role": "DELEGATE",
            "start_date": "2020-01-01",
        },
    )
    made["person"] = person["id"]
    api["delegate"].call("PATCH", "/me", {"display_name": short(1, limit=150)})
    api["thai"].call("PATCH", "/me", {"display_name": short(2, limit=150)})
    api["delegate"].post("/tokens", {"name": short(11, limit=100)})
    # Organisations come with the reference configuration and are renamed in the admin only.
    Organisation.objects.filter(pk=viet_nam.pk).update(name=short(3))

    # programme
    activity = api["secretariat"].post(
        "/programme/activities",
        {
            "title": short(4),
            "kind": "WEBINAR",
            "visibility": "PUBLIC",
            "starts_at": "2031-06-12T02:00:00Z",
            "ends_at": "2031-06-12T05:00:00Z",
            "description": LONG,
        },
    )
    made["activity"] = activity_id = activity["id"]
    session = api["secretariat"].post(
        f"/programme/activities/{activity_id}/sessions",
        {"title": short(5), "starts_at": "2031-06-12T02:00:00Z", "ends_at": "2031-06-12T03:00:00Z"},
    )
    api["secretariat"].post(
        f"/programme/sessions/{session['id']}/items",
        {"title": short(6), "duration_minutes": 30, "speakers": [{"name": short(7)}]},
    )
    statement = api["head"].post(
        f"/programme/activities/{activity_id}/statements",
        {
            "organisation_id": viet_nam.pk,
            "kind": "STATEMENT",
            "title": short(8, limit=300),
            "language": "th",
            "body": LONG,
            "delivered_by": short(9),
        },
    )
    made["statement"] = statement["id"]
    registration = api["delegate"].post(
        f"/programme/activities/{activity_id}/registrations",
        {"person_id": people["delegate"].pk, "organisation_id": viet_nam.pk},
    )
    api["secretariat"].post(
        f"/programme/registrations/{registration['id']}/decision",
        {"decision": "approve", "note": short(10)},
    )
    api["secretariat"].post(
        f"/programme/activities/{activity_id}/minutes/versions",
        {"text": LONG, "note": short(11, limit=300), "base_version": 0},
    )
    api["secretariat"].post(f"/programme/activities/{activity_id}/minutes/circulate")
    api["delegate"].post(f"/programme/activities/{activity_id}/minutes/corrections", {"text": LONG})
    outcome = api["secretariat"].post(
        f"/programme/activities/{activity_id}/outcomes", {"text": LONG}
    )
    action = api["secretariat"].post(
        f"/programme/activities/{activity_id}/actions",
        {
            "title": short(12, limit=300),
            "owner_id": viet_nam.pk,
            "due_date": "2031-07-01",
            "outcome_id": outcome["id"],
        },
    )
    made["action"] = action["id"]

    # negotiation: a document by the Secretariat, issued by the chair, amended and discussed
    document = api["secretariat"].post(
        "/negotiation/documents",
        {
            "symbol": "XSS/2020/1",  # symbols are letters, digits and / . - _ ( ) only
            "title": short(14, limit=300),
            "deadline": "2020-12-31T17:00:00Z",
            "note": LONG,
        },
    )
    made["document"] = document_id = document["id"]
    for index, payload in enumerate(PAYLOADS, start=1):
        api["secretariat"].post(
            f"/negotiation/documents/{document_id}/paragraphs",
            {
                "kind": "OPERATIVE",
                "label": f"{index}.",
                "text": f"Members will cooperate {CJK_THAI} {unbracketed(payload)}",
            },
        )
    api["chair"].post(f"/negotiation/documents/{document_id}/revisions", {"note": LONG})
    paragraph = Paragraph.objects.filter(document_id=document_id).order_by("pk").first()
    assert paragraph is not None
    made["paragraph"] = paragraph.pk
    # A second revision, so that the comparison has changes to show.
    second = Paragraph.objects.filter(document_id=document_id).order_by("pk")[1]
    current = api["secretariat"].call("GET", f"/negotiation/paragraphs/{second.pk}")
    api["secretariat"].put(
        f"/negotiation/paragraphs/{second.pk}",
        {"text": f"{current['markup']} {CJK_THAI} (rev.)", "revision": current["revision"]},
    )
    api["chair"].post(f"/negotiation/documents/{document_id}/revisions", {"note": LONG})
    amendment = api["thai"].post(
        f"/negotiation/documents/{document_id}/amendments",
        {
            "paragraph_id": paragraph.pk,
            "kind": "REPLACE",
            "target": "cooperate",
            "text": unbracketed(short(15)),
        },
    )
    made["amendment"] = amendment["id"]
    draft = api["delegate"].post(
        f"/negotiation/documents/{document_id}/amendments",
        {
            "paragraph_id": paragraph.pk,
            "kind": "INSERT",
            "target": "Members",
            "text": unbracketed(short(16)),
            "submit": False,
        },
    )
    made["draft"] = draft["id"]
    api["chair"].post(
        f"/negotiation/amendments/{amendment['id']}/recommendation",
        {"recommendation": "ACCEPT", "note": LONG},
    )
    api["delegate"].put(
        f"/negotiation/paragraphs/{paragraph.pk}/position", {"stance": "OBJECT", "reason": LONG}
    )
    api["observer"].put(
        f"/negotiation/amendments/{amendment['id']}/position",
        {"stance": "RESERVATION", "reason": LONG},
    )

    # negotiation, to adoption: a flexible paragraph a member opts out of with a reason, a
    # footnote, a reservation, a silence broken with a reason, the adoption and its exports.
    clean = api["secretariat"].post(
        "/negotiation/documents",
        {"symbol": "XSS/2020/2", "title": short(19, limit=300), "deadline": "2020-12-31T17:00:00Z"},
    )
    made["clean"] = clean_id = clean["id"]
    for index in range(3):
        api["secretariat"].post(
            f"/negotiation/documents/{clean_id}/paragraphs",
            {"kind": "OPERATIVE", "label": f"{index + 1}.", "text": f"Members meet {CJK_THAI}."},
        )
    api["chair"].post(f"/negotiation/documents/{clean_id}/revisions", {"note": ""})
    flexible, noted = Paragraph.objects.filter(document_id=clean_id).order_by("pk")[:2]
    made["flexible"], made["noted"] = flexible.pk, noted.pk
    api["chair"].put(f"/negotiation/paragraphs/{flexible.pk}/flexible", {"flexible": True})
    api["head"].post(f"/negotiation/paragraphs/{flexible.pk}/opt-out", {"reason": short(20)})
    api["delegate"].post(
        f"/negotiation/paragraphs/{noted.pk}/footnotes", {"text": short(21, limit=2000)}
    )
    api["delegate"].put(
        f"/negotiation/paragraphs/{noted.pk}/position",
        {"stance": "RESERVATION", "reason": short(22)},
    )
    silence = api["chair"].post(f"/negotiation/documents/{clean_id}/silence", {})
    api["head"].post(f"/negotiation/silences/{silence['id']}/break", {"reason": short(23)})
    api["chair"].post(f"/negotiation/documents/{clean_id}/adopt")

    # exchange: a practice written, moderated, translated; a need, an offer and their match
    practice = api["delegate"].post(
        "/exchange/practices",
        {
            "title": short(17),
            "summary": LONG[:2000],
            "body": LONG,
            "language": "vi",
            "results": LONG,
            "contact": short(18),
        },
    )
    made["practice"] = practice["id"]
    api["delegate"].post(f"/exchange/practices/{practice['id']}/submit")
    api["secretariat"].post(
        f"/exchange/practices/{practice['id']}/moderation", {"decision": "publish"}
    )
    api["delegate"].post(
        f"/exchange/practices/{practice['id']}/translations",
        {"language": "th", "title": short(19), "summary": LONG[:2000], "body": LONG},
    )
    returned = api["thai"].post(
        "/exchange/practices",
        {"title": short(0), "summary": short(1), "body": LONG, "language": "th"},
    )
    api["thai"].post(f"/exchange/practices/{returned['id']}/submit")
    api["secretariat"].post(
        f"/exchange/practices/{returned['id']}/moderation",
        {"decision": "return", "reason": LONG},
    )
    made["returned_practice"] = returned["id"]
    waiting = api["thai"].post(
        "/exchange/practices",
        {"title": short(6), "summary": short(7), "body": LONG, "language": "th"},
    )
    api["thai"].post(f"/exchange/practices/{waiting['id']}/submit")
    listing = {"kind": "TRAINING", "description": LONG[:4000], "language": "th"}
    need = api["delegate"].post("/exchange/needs", {**listing, "title": short(2)})
    api["thai"].post("/exchange/offers", {**listing, "title": short(3)})
    made["need"] = need["id"]
    api["delegate"].post(f"/exchange/needs/{need['id']}/matches")
    assert Match.objects.filter(need_id=need["id"]).exists()
    exchange_services.list_expert(
        viewer=viewer_for(user=people["thai"], on=NOW.date()),
        expertise=LONG[:2000],
        topics=Topic.objects.filter(kind="THEME")[:1],
        languages=["th"],
        now=NOW,
    )

    # indicators: a series whose name and source come from the corpus
    rows = [
        ["country_iso3", "indicator_code", "indicator_name", "year", "value", "source"],
        *(
            [iso3, "XSS.TEST", short(4, limit=300), str(year), "-12.5", short(5)]
            for iso3 in ("VNM", "THA", "CHN")
            for year in (2019, 2020)
        ),
    ]
    path = tmp_path / "xss.csv"
    path.write_text("\n".join(",".join(json.dumps(c) for c in row) for row in rows) + "\n")
    import_observations(path_or_file=str(path), name="xss.csv", actor=None, now=NOW)
    return made


def _pages(made: dict) -> list[tuple[str, str, str]]:
    """(who, what, URL) for every page that shows the corpus."""
    viet_nam = Membership.objects.get(user__username="vnm.delegate").organisation_id
    activity, document, practice = made["activity"], made["document"], made["practice"]
    paragraph, amendment = made["paragraph"], made["amendment"]
    pages = [
        ("secretariat", "people", reverse("person_list")),
        ("secretariat", "a person", reverse("person_detail", args=[made["person"]])),
        ("delegate", "a colleague", reverse("person_detail", args=[made["person"]])),
        ("delegate", "account", reverse("account")),
        ("observer", "organisations", reverse("organisation_list")),
        ("observer", "an organisation", reverse("organisation_detail", args=[viet_nam])),
        ("observer", "a country", reverse("country_detail", args=["VN"])),
        ("anonymous", "programme", reverse("programme_list")),
        ("anonymous", "an activity", reverse("programme_activity", args=[activity])),
        ("secretariat", "an activity (manager)", reverse("programme_activity", args=[activity])),
        ("secretariat", "activity form", reverse("programme_activity_edit", args=[activity])),
        ("delegate", "my registrations", reverse("programme_mine")),
        ("secretariat", "registrations", reverse("programme_registrations", args=[activity])),
        ("anonymous", "a statement", reverse("programme_statement", args=[made["statement"]])),
        ("delegate", "minutes", reverse("programme_minutes", args=[activity])),
        ("secretariat", "minutes (manager)", reverse("programme_minutes", args=[activity])),
        ("delegate", "minutes version", reverse("programme_minutes_version", args=[activity, 1])),
        ("head", "action items", reverse("programme_actions")),
        ("observer", "negotiations", reverse("negotiation_documents")),
        ("observer", "a document", reverse("negotiation_document", args=[document])),
        (
            "secretariat",
            "the working text",
            reverse("negotiation_document", args=[document]) + "?version=draft",
        ),
        (
            "delegate",
            "the bracketed text",
            reverse("negotiation_document", args=[document]) + "?view=bracketed",
        ),
        (
            "delegate",
            "the compilation",
            reverse("negotiation_document", args=[document]) + "?view=compilation",
        ),
        ("delegate", "comparison", reverse("negotiation_compare", args=[document])),
        ("head", "amendments", reverse("negotiation_amendments", args=[document])),
        ("delegate", "an amendment", reverse("negotiation_amendment", args=[amendment])),
        ("delegate", "a draft", reverse("negotiation_amendment", args=[made["draft"]])),
        (
            "delegate",
            "draft form",
            reverse("negotiation_amendment_edit", args=[made["draft"]]),
        ),
        ("observer", "a paragraph", reverse("negotiation_paragraph", args=[paragraph])),
        ("chair", "paragraph form", reverse("negotiation_paragraph_edit", args=[paragraph])),
        ("delegate", "my negotiation", reverse("negotiation_mine")),
        ("head", "a flexible paragraph", reverse("negotiation_paragraph", args=[made["flexible"]])),
        (
            "observer",
            "a paragraph with notes",
            reverse("negotiation_paragraph", args=[made["noted"]]),
        ),
        (
            "delegate",
            "silence and adoption",
            reverse("negotiation_conclusion", args=[made["clean"]]),
        ),
        ("observer", "the adopted text", reverse("negotiation_adopted", args=[made["clean"]])),
        (
            "delegate",
            "the adopted text, printable",
            reverse("negotiation_export", args=[made["clean"], "adopted", "html"]),
        ),
        ("anonymous", "practices", reverse("exchange_practices")),
        ("anonymous", "a practice", reverse("exchange_practice", args=[practice])),
        (
            "thai",
            "a returned practice",
            reverse("exchange_practice", args=[made["returned_practice"]]),
        ),
        (
            "thai",
            "practice form",
            reverse("exchange_practice_edit", args=[made["returned_practice"]]),
        ),
        ("secretariat", "moderation", reverse("exchange_moderation")),
        ("delegate", "needs and offers", reverse("exchange_listings")),
        ("delegate", "a need", reverse("exchange_need", args=[made["need"]])),
        ("delegate", "matches", reverse("exchange_matches")),
        ("observer", "experts", reverse("exchange_experts")),
        ("anonymous", "indicators", reverse("indicator_list")),
        ("anonymous", "an indicator", reverse("indicator_detail", args=["XSS.TEST"])),
        ("anonymous", "a country's figures", reverse("indicator_country", args=["VNM"])),
    ]
    return pages


def _reflected(made: dict) -> list[tuple[str, str, str]]:
    """(who, what, URL) for pages that echo what the address asks for."""

    def ask(url: str, **params: str) -> str:
        return f"{url}?{urlencode(params)}"

    return [
        ("anonymous", "search", ask(reverse("exchange_practices"), q=short(0))),
        ("anonymous", "programme in a zone", ask(reverse("programme_list"), tz=short(1))),
        (
            "observer",
            "experts on a topic",
            ask(reverse("exchange_experts"), topic=short(2, limit=50)),
        ),
        (
            "delegate",
            "comparison",
            ask(reverse("negotiation_compare", args=[made["document"]]), old=short(3), new="1"),
        ),
        (
            "delegate",
            "amendment form",
            ask(
                reverse("negotiation_amendment_create", args=[made["document"]]),
                paragraph=short(5),
            ),
        ),
        (
            "secretariat",
            "activity form",
            ask(reverse("programme_activity_create"), time_zone=short(6), start_date=short(7)),
        ),
        ("anonymous", "sign-in", ask(reverse("login"), next="javascript:alert('xss04')")),
        (
            "observer",
            "framework",
            ask(reverse("framework_detail", args=["asean-china"]), date=short(8)),
        ),
        (
            "anonymous",
            "indicator",
            ask(reverse("indicator_detail", args=["XSS.TEST"]), year_from=short(9)),
        ),
        ("head", "action items", ask(reverse("programme_actions"), status=short(10))),
    ]


def test_the_corpus_stays_inert_on_every_page_that_shows_user_text(people, written):
    clients = {"anonymous": Client()}
    for role, user in people.items():
        clients[role] = sign_in(Client(), user)
    problems: list[str] = []
    checked = 0
    shown_anywhere: set[str] = set()
    pages = [(page, (200,)) for page in _pages(written)]
    pages += [(page, (200, 400)) for page in _reflected(written)]
    for (role, what, url), statuses in pages:
        response = clients[role].get(url)
        if response.status_code not in statuses:
            problems.append(f"{role} {what} {url}: {response.status_code}")
            continue
        csp = response.headers.get("Content-Security-Policy", "")
        if "script-src 'self'" not in csp or "unsafe-inline" in csp:
            problems.append(f"{what} {url}: CSP missing or weak: {csp!r}")
        page = audit(response.content.decode())
        problems += [f"{what} {url}: {problem}" for problem in page.problems]
        if not page.shown:
            problems.append(f"{what} {url}: shows no corpus text (nothing was checked)")
        checked += len(page.shown)
        shown_anywhere |= page.shown
    print(f"\nV1: {len(PAYLOADS)} payloads, {len(pages)} pages, {checked} payload × page checks")
    assert problems == [], "\n".join(problems)
    assert shown_anywhere == {f"xss{n:02d}" for n in range(1, len(PAYLOADS) + 1)}


def test_the_audit_sees_a_payload_that_got_through():
    """The parser above finds what a browser would run (so the test above can fail)."""
    for payload in PAYLOADS[:4] + PAYLOADS[8:9] + PAYLOADS[10:11] + PAYLOADS[12:16]:
        assert audit(f"<p>{payload}</p>").problems, payload
    assert audit("<textarea></textarea><script>alert('xss05')</script>").problems
    assert audit('<input value=""><script>alert("xss06")</script>">').problems
    assert audit("<p title='' onmouseover='alert(1)'>").problems
    assert audit("<a href=\" &#14;jav&#x09;ascript:alert('xss10')\">x</a>").problems
    escaped = "".join(f"<p>{p.replace('&', '&amp;').replace('<', '&lt;')}</p>" for p in PAYLOADS)
    inert = audit(escaped)
    assert inert.problems == []
    assert len(inert.shown) == len(PAYLOADS)
    assert audit(f'<input value="{PAYLOADS[0].replace("<", "&lt;")}">').problems == []
