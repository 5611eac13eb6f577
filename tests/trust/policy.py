"""The authorization policy: every route × role × method, in one table (TRUST.md A1).

Each module adds its rows. A route that resolves but has no row here fails the matrix test.

Outcomes: ALLOW — the role gets through (2xx, a redirect that is not to sign-in, or a 4xx about
its input, 400/409/422); DENY — refused (401, 403, 404 or a redirect to sign-in).
"""

from dataclasses import dataclass, field

ROLES = ("anonymous", "observer", "delegate", "head", "chair", "secretariat")
EVERYONE = frozenset(ROLES)
MEMBERS = EVERYONE - {"anonymous"}
SECRETARIAT = frozenset({"secretariat"})
NOBODY: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Rule:
    """Which roles a method of a route lets through; ``kwargs`` name the objects to ask for."""

    methods: dict[str, frozenset[str]]
    kwargs: dict[str, str] = field(default_factory=dict)
    body: dict[str, object] = field(default_factory=dict)  # a valid JSON body for API writes


# kwargs values in angle brackets are filled in by the test from the objects it creates:
# <own_person> the signed-in person (the Secretariat officer for anonymous), <other_person> a
# Thai delegate, <delegation> Viet Nam's delegation, <membership> the Thai delegate's membership,
# <own_token> a token of the signed-in person.
POLICY: dict[str, Rule] = {
    # members: public reference pages
    "home": Rule({"GET": EVERYONE}),
    "country_list": Rule({"GET": EVERYONE}),
    "country_detail": Rule({"GET": EVERYONE}, {"code": "VN"}),
    "framework_detail": Rule({"GET": EVERYONE}, {"slug": "asean-china"}),
    "organisation_list": Rule({"GET": EVERYONE}),
    "organisation_detail": Rule({"GET": EVERYONE}, {"organisation_id": "<delegation>"}),
    # members: people are seen by members only; the Secretariat manages them
    "person_list": Rule({"GET": MEMBERS}),
    "person_detail": Rule({"GET": MEMBERS}, {"person_id": "<other_person>"}),
    "person_create": Rule({"GET": SECRETARIAT, "POST": SECRETARIAT}),
    "membership_end": Rule({"POST": SECRETARIAT}, {"membership_id": "<membership>"}),
    # account
    "account": Rule({"GET": MEMBERS, "POST": MEMBERS}),
    "token_create": Rule({"POST": MEMBERS}),
    "token_revoke": Rule({"POST": MEMBERS}, {"token_id": "<own_token>"}),
    "login": Rule({"GET": EVERYONE, "POST": EVERYONE}),
    "logout": Rule({"POST": MEMBERS}),
    "two_factor_verify": Rule({"GET": MEMBERS, "POST": MEMBERS}),
    "two_factor_setup": Rule({"GET": MEMBERS, "POST": MEMBERS}),
    "password_reset": Rule({"GET": EVERYONE, "POST": EVERYONE}),
    "password_reset_done": Rule({"GET": EVERYONE}),
    "password_reset_confirm": Rule(
        {"GET": EVERYONE, "POST": EVERYONE}, {"uidb64": "MQ", "token": "set-password"}
    ),
    "password_reset_complete": Rule({"GET": EVERYONE}),
    "set_language": Rule({"POST": EVERYONE}),
    # API: the document, public reference data, and members-only people
    "api:api-root": Rule({"GET": NOBODY}),
    "api:openapi-json": Rule({"GET": EVERYONE}),
    "api:openapi-view": Rule({"GET": EVERYONE}),
    "api:countries": Rule({"GET": EVERYONE}),
    "api:country": Rule({"GET": EVERYONE}, {"code": "VN"}),
    "api:frameworks": Rule({"GET": EVERYONE}),
    "api:framework": Rule({"GET": EVERYONE}, {"slug": "asean-china"}),
    "api:framework_chair": Rule({"GET": EVERYONE}, {"slug": "asean-china"}),
    "api:organisations": Rule({"GET": EVERYONE}),
    "api:organisation": Rule({"GET": EVERYONE}, {"organisation_id": "<delegation>"}),
    "api:people": Rule({"GET": MEMBERS}),
    "api:people_create": Rule(
        {"POST": SECRETARIAT},
        body={
            "username": "new.<role>",
            "display_name": "New Person",
            "role": "DELEGATE",
            "email": "new.<role>@example.org",
            "organisation_id": "<delegation>",
            "start_date": "2020-01-01",
        },
    ),
    "api:person": Rule({"GET": MEMBERS}, {"person_id": "<other_person>"}),
    "api:memberships": Rule(
        {"POST": SECRETARIAT},
        body={
            "person_id": "<other_person>",
            "organisation_id": "<delegation>",
            "role": "FOCAL_POINT",
            "start_date": "2021-01-01",
        },
    ),
    "api:membership_end": Rule(
        {"POST": SECRETARIAT}, {"membership_id": "<membership>"}, body={"end_date": "2099-01-01"}
    ),
    "api:me": Rule({"GET": MEMBERS}),
    "api:me_update": Rule({"PATCH": MEMBERS}, body={"time_zone": "Asia/Bangkok"}),
    "api:tokens": Rule({"GET": MEMBERS}),
    "api:tokens_create": Rule({"POST": MEMBERS}, body={"name": "matrix"}),
    "api:token_revoke": Rule({"DELETE": MEMBERS}, {"token_id": "<own_token>"}),
    # indicators: public figures (reference indicators exist from the migrations on); the
    # Secretariat imports
    "indicator_list": Rule({"GET": EVERYONE}),
    "indicator_detail": Rule({"GET": EVERYONE}, {"code": "SP.POP.TOTL"}),
    "indicator_export_csv": Rule({"GET": EVERYONE}, {"code": "SP.POP.TOTL"}),
    "indicator_export_json": Rule({"GET": EVERYONE}, {"code": "SP.POP.TOTL"}),
    "indicator_country": Rule({"GET": EVERYONE}, {"code": "VNM"}),
    "indicator_upload": Rule({"GET": SECRETARIAT, "POST": SECRETARIAT}),
    "api:indicators": Rule({"GET": EVERYONE}),
    "api:indicators_claim": Rule({"GET": EVERYONE}),
    "api:indicator": Rule({"GET": EVERYONE}, {"code": "SP.POP.TOTL"}),
    "api:indicator_csv": Rule({"GET": EVERYONE}, {"code": "SP.POP.TOTL"}),
    "api:indicator_ranking": Rule({"GET": EVERYONE}, {"code": "SP.POP.TOTL"}),
    "api:indicator_aggregate": Rule({"GET": EVERYONE}, {"code": "SP.POP.TOTL"}),
}

# The Django admin is one guarded site: the Secretariat (staff) only, for every admin route.
ADMIN_NAMESPACE = "admin"
ADMIN_ALLOWED = SECRETARIAT
