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
    # programme: routes without an object (those on one activity are in PROGRAMME_OBJECT_POLICY
    # below). The scheduling assistant is also the chair's, but chair_2020 is not today's chair.
    "programme_list": Rule({"GET": EVERYONE}),
    "programme_mine": Rule({"GET": MEMBERS}),
    "programme_actions": Rule({"GET": MEMBERS}),
    "programme_scheduling": Rule({"GET": SECRETARIAT}),
    "programme_activity_create": Rule({"GET": SECRETARIAT, "POST": SECRETARIAT}),
    "programme_feed_create": Rule({"POST": MEMBERS}),
    "programme_feed_public": Rule({"GET": EVERYONE}),
    "api:programme_activities": Rule({"GET": EVERYONE}),
    "api:programme_activities_create": Rule(
        {"POST": SECRETARIAT},
        body={
            "title": "Matrix webinar",
            "kind": "WEBINAR",
            "visibility": "PUBLIC",
            "starts_at": "2031-01-07T02:00:00Z",
            "ends_at": "2031-01-07T03:00:00Z",
        },
    ),
    "api:programme_my_registrations": Rule({"GET": MEMBERS}),
    "api:programme_actions": Rule({"GET": MEMBERS}),
    "api:programme_feeds_create": Rule({"POST": MEMBERS}, body={"scope": "PERSON"}),
    "api:programme_scheduling": Rule({"GET": SECRETARIAT}),
}

# programme: routes on one activity, registration, statement, action item, session or feed,
# with real objects: <public_activity> (public, in 2031, minutes approved at version 1),
# <circulated_activity> (minutes circulated; the Viet Nam delegate attended), <session> and
# <statement> of the public activity, <registration> (the Viet Nam delegate's, pending),
# <thai_registration> (the Thai delegate's, pending), <approved_registration>, <action_item>
# (owned by Thailand), <feed_token>/<feed_secret> (the Viet Nam delegate's feed), <own_person>.
# Checked by cadec/programme/tests/test_authorization.py, which creates them.
ATTENDEE = frozenset({"delegate"})
STATEMENT_AUTHORS = frozenset({"head", "chair", "secretariat"})
REGISTRANT_OR_MANAGER = frozenset({"delegate", "head", "secretariat"})
PUBLIC_ACTIVITY = {"activity_id": "<public_activity>"}
CIRCULATED = {"activity_id": "<circulated_activity>"}
PROGRAMME_OBJECT_POLICY: dict[str, Rule] = {
    "programme_activity": Rule({"GET": EVERYONE}, PUBLIC_ACTIVITY),
    "programme_activity_edit": Rule({"GET": SECRETARIAT, "POST": SECRETARIAT}, PUBLIC_ACTIVITY),
    "programme_activity_cancel": Rule({"POST": SECRETARIAT}, PUBLIC_ACTIVITY),
    "programme_session_create": Rule({"POST": SECRETARIAT}, PUBLIC_ACTIVITY),
    "programme_agenda_item_create": Rule({"POST": SECRETARIAT}, PUBLIC_ACTIVITY),
    "programme_register": Rule({"POST": MEMBERS}, PUBLIC_ACTIVITY),
    "programme_registrations": Rule({"GET": MEMBERS}, PUBLIC_ACTIVITY),
    "programme_attendance": Rule({"POST": SECRETARIAT}, PUBLIC_ACTIVITY),
    "programme_statement_create": Rule({"POST": STATEMENT_AUTHORS}, PUBLIC_ACTIVITY),
    "programme_statement": Rule({"GET": EVERYONE}, {"statement_id": "<statement>"}),
    "programme_minutes": Rule({"GET": EVERYONE}, PUBLIC_ACTIVITY),
    "programme_minutes_version": Rule({"GET": EVERYONE}, {**PUBLIC_ACTIVITY, "number": "1"}),
    "programme_minutes_draft": Rule({"POST": SECRETARIAT}, PUBLIC_ACTIVITY),
    "programme_minutes_circulate": Rule({"POST": SECRETARIAT}, PUBLIC_ACTIVITY),
    "programme_minutes_correct": Rule({"POST": ATTENDEE}, CIRCULATED),
    "programme_minutes_approve": Rule({"POST": SECRETARIAT}, CIRCULATED),
    "programme_outcome_create": Rule({"POST": SECRETARIAT}, PUBLIC_ACTIVITY),
    "programme_action_create": Rule({"POST": SECRETARIAT}, PUBLIC_ACTIVITY),
    "programme_action_update": Rule({"POST": SECRETARIAT}, {"action_id": "<action_item>"}),
    "programme_registration_decide": Rule(
        {"POST": SECRETARIAT}, {"registration_id": "<thai_registration>"}
    ),
    "programme_registration_withdraw": Rule(
        {"POST": REGISTRANT_OR_MANAGER}, {"registration_id": "<registration>"}
    ),
    "programme_feed": Rule(
        {"GET": EVERYONE}, {"token_id": "<feed_token>", "secret": "<feed_secret>"}
    ),
    "api:programme_activity": Rule({"GET": EVERYONE}, PUBLIC_ACTIVITY),
    "api:programme_activity_update": Rule(
        {"PATCH": SECRETARIAT}, PUBLIC_ACTIVITY, body={"title": "Renamed"}
    ),
    "api:programme_activity_cancel": Rule({"POST": SECRETARIAT}, PUBLIC_ACTIVITY),
    "api:programme_sessions_create": Rule(
        {"POST": SECRETARIAT},
        PUBLIC_ACTIVITY,
        body={
            "title": "Second sitting",
            "starts_at": "2031-06-12T04:00:00Z",
            "ends_at": "2031-06-12T05:00:00Z",
        },
    ),
    "api:programme_agenda_items_create": Rule(
        {"POST": SECRETARIAT},
        {"session_id": "<session>"},
        body={"title": "Item", "duration_minutes": 10},
    ),
    "api:programme_registrations": Rule({"GET": MEMBERS}, PUBLIC_ACTIVITY),
    "api:programme_registrations_create": Rule(
        {"POST": MEMBERS - {"observer"}},
        PUBLIC_ACTIVITY,
        body={"person_id": "<own_person>", "organisation_id": "<delegation>"},
    ),
    "api:programme_registration_decide": Rule(
        {"POST": SECRETARIAT},
        {"registration_id": "<thai_registration>"},
        body={"decision": "approve"},
    ),
    "api:programme_registration_withdraw": Rule(
        {"POST": REGISTRANT_OR_MANAGER}, {"registration_id": "<registration>"}
    ),
    "api:programme_attendance": Rule(
        {"POST": SECRETARIAT},
        PUBLIC_ACTIVITY,
        body={
            "attendance": [{"registration_id": "<approved_registration>", "attendance": "PRESENT"}]
        },
    ),
    "api:programme_statements": Rule({"GET": EVERYONE}, PUBLIC_ACTIVITY),
    "api:programme_statements_create": Rule(
        {"POST": STATEMENT_AUTHORS},
        PUBLIC_ACTIVITY,
        body={
            "organisation_id": "<delegation>",
            "kind": "STATEMENT",
            "title": "Matrix statement",
            "language": "en",
            "body": "Text.",
        },
    ),
    "api:programme_minutes": Rule({"GET": EVERYONE}, PUBLIC_ACTIVITY),
    "api:programme_minutes_draft": Rule(
        {"POST": SECRETARIAT}, PUBLIC_ACTIVITY, body={"text": "Minutes.", "base_version": 1}
    ),
    "api:programme_minutes_circulate": Rule({"POST": SECRETARIAT}, PUBLIC_ACTIVITY),
    "api:programme_minutes_correct": Rule(
        {"POST": ATTENDEE}, CIRCULATED, body={"text": "A correction."}
    ),
    "api:programme_minutes_approve": Rule({"POST": SECRETARIAT}, CIRCULATED, body={"version": 1}),
    "api:programme_outcomes_create": Rule(
        {"POST": SECRETARIAT}, PUBLIC_ACTIVITY, body={"text": "An outcome."}
    ),
    "api:programme_actions_create": Rule(
        {"POST": SECRETARIAT},
        PUBLIC_ACTIVITY,
        body={"title": "An action", "owner_id": "<delegation>", "due_date": "2031-07-01"},
    ),
    "api:programme_action_update": Rule(
        {"PATCH": SECRETARIAT}, {"action_id": "<action_item>"}, body={"status": "DONE"}
    ),
}


def _asking_for_a_missing_object(value: object) -> object:
    """Replace every object placeholder by 0, an id that never exists."""
    if isinstance(value, str):
        return "0" if value.startswith("<") and value.endswith(">") else value
    if isinstance(value, list):
        return [_asking_for_a_missing_object(v) for v in value]
    if isinstance(value, dict):
        return {k: _asking_for_a_missing_object(v) for k, v in value.items()}
    return value


# The generic matrix has no programme objects: there, each of these routes asks for object 0
# with a well-formed body, and every role must be refused (401, 403 or 404; never a 500).
POLICY.update(
    {
        name: Rule(
            {method: NOBODY for method in rule.methods},
            {k: str(_asking_for_a_missing_object(v)) for k, v in rule.kwargs.items()},
            body=_asking_for_a_missing_object(rule.body),  # type: ignore[arg-type]
        )
        for name, rule in PROGRAMME_OBJECT_POLICY.items()
    }
)

# negotiation: routes without an object, on today's date (chair_2020 is not today's chair, so
# opening a negotiation is the Secretariat's here; cadec/negotiation/tests checks the chair's).
NEGOTIATION_DOCUMENT = {
    "symbol": "MATRIX/<role>",
    "title": "Matrix text",
    "deadline": "2099-01-01T00:00:00Z",
}
POLICY.update(
    {
        "negotiation_documents": Rule({"GET": MEMBERS}),
        "negotiation_document_create": Rule({"GET": SECRETARIAT, "POST": SECRETARIAT}),
        "negotiation_document_import": Rule({"GET": SECRETARIAT, "POST": SECRETARIAT}),
        "negotiation_mine": Rule({"GET": MEMBERS}),
        "api:negotiation_documents": Rule({"GET": MEMBERS}),
        "api:negotiation_documents_create": Rule({"POST": SECRETARIAT}, body=NEGOTIATION_DOCUMENT),
        "api:negotiation_import": Rule(
            {"POST": SECRETARIAT},
            body={**NEGOTIATION_DOCUMENT, "text": "1. Members [shall][should] cooperate."},
        ),
        "api:negotiation_mine": Rule({"GET": MEMBERS}),
    }
)

# negotiation: routes on a document, paragraph, amendment or position, checked on 12 June 2020
# (when chair_2020 chairs) with real objects by cadec/negotiation/tests/test_authorization.py:
# <document> issued as its zero draft; <paragraph> its paragraph "1." (text below), with
# <tabled_amendment> by Thailand; <ad_referendum_paragraph> agreed ad referendum, awaiting
# Viet Nam's capital; <thai_draft> Thailand's private draft and <thai_position> its unpublished
# position, which no role here may see (TRUST.md A2).
NEGOTIATION_PARAGRAPH_TEXT = "Members will cooperate on digital infrastructure."
KEEPERS = frozenset({"chair", "secretariat"})  # the working text between revisions
DELEGATIONS = frozenset({"delegate", "head"})  # table and co-sponsor amendments
SPEAKERS = frozenset({"observer", "delegate", "head"})  # state positions (observers are heard)
CHAIR = frozenset({"chair"})
HEAD = frozenset({"head"})
ON_DOCUMENT = {"document_id": "<document>"}
ON_PARAGRAPH = {"paragraph_id": "<paragraph>"}
ON_TABLED = {"amendment_id": "<tabled_amendment>"}
ON_THAI_DRAFT = {"amendment_id": "<thai_draft>"}
ON_AD_REFERENDUM = {"paragraph_id": "<ad_referendum_paragraph>"}
ON_ADOPTED = {"document_id": "<adopted_document>"}
ON_SILENCE = {"silence_id": "<silence>"}
NEGOTIATION_OBJECT_POLICY: dict[str, Rule] = {
    "negotiation_document": Rule({"GET": MEMBERS}, ON_DOCUMENT),
    "negotiation_compare": Rule({"GET": MEMBERS}, ON_DOCUMENT),
    "negotiation_export": Rule({"GET": MEMBERS}, {**ON_DOCUMENT, "kind": "clean", "fmt": "docx"}),
    "negotiation_events": Rule({"GET": MEMBERS}, ON_DOCUMENT),
    "negotiation_log": Rule({"GET": MEMBERS}, ON_DOCUMENT),
    "negotiation_amendments": Rule({"GET": MEMBERS}, ON_DOCUMENT),
    "negotiation_amendment_create": Rule({"GET": DELEGATIONS, "POST": DELEGATIONS}, ON_DOCUMENT),
    "negotiation_paragraph_add": Rule({"GET": KEEPERS, "POST": KEEPERS}, ON_DOCUMENT),
    "negotiation_issue": Rule({"GET": CHAIR, "POST": CHAIR}, ON_DOCUMENT),
    "negotiation_paragraph": Rule({"GET": MEMBERS}, ON_PARAGRAPH),
    "negotiation_paragraph_edit": Rule({"GET": KEEPERS, "POST": KEEPERS}, ON_PARAGRAPH),
    "negotiation_paragraph_position": Rule({"POST": SPEAKERS}, ON_PARAGRAPH),
    "negotiation_paragraph_declare": Rule({"POST": CHAIR}, ON_PARAGRAPH),
    "negotiation_paragraph_answer": Rule({"POST": HEAD}, ON_AD_REFERENDUM),
    "negotiation_amendment": Rule({"GET": MEMBERS}, ON_TABLED),
    "negotiation_amendment_cosponsor": Rule({"POST": DELEGATIONS}, ON_TABLED),
    "negotiation_amendment_recommend": Rule({"POST": CHAIR}, ON_TABLED),
    "negotiation_amendment_position": Rule({"POST": SPEAKERS}, ON_TABLED),
    "negotiation_amendment_withdraw": Rule({"POST": NOBODY}, ON_TABLED),  # Thailand's own
    "negotiation_amendment_edit": Rule({"GET": NOBODY, "POST": NOBODY}, ON_THAI_DRAFT),
    "negotiation_amendment_submit": Rule({"POST": NOBODY}, ON_THAI_DRAFT),
    "negotiation_position_publish": Rule({"POST": NOBODY}, {"position_id": "<thai_position>"}),
    "api:negotiation_document": Rule({"GET": MEMBERS}, ON_DOCUMENT),
    "api:negotiation_text": Rule({"GET": MEMBERS}, ON_DOCUMENT),
    "api:negotiation_compare": Rule({"GET": MEMBERS}, ON_DOCUMENT),
    "api:negotiation_export": Rule({"GET": MEMBERS}, ON_DOCUMENT),
    "api:negotiation_events": Rule({"GET": MEMBERS}, ON_DOCUMENT),
    "api:negotiation_log": Rule({"GET": MEMBERS}, ON_DOCUMENT),
    "api:negotiation_amendments": Rule({"GET": MEMBERS}, ON_DOCUMENT),
    "api:negotiation_amendments_create": Rule(
        {"POST": DELEGATIONS},
        ON_DOCUMENT,
        body={
            "paragraph_id": "<paragraph>",
            "kind": "REPLACE",
            "target": "cooperate",
            "text": "work together",
        },
    ),
    "api:negotiation_paragraphs_create": Rule(
        {"POST": KEEPERS}, ON_DOCUMENT, body={"kind": "OPERATIVE", "text": "Members will meet."}
    ),
    "api:negotiation_revision_preview": Rule({"GET": CHAIR}, ON_DOCUMENT),
    "api:negotiation_revisions_create": Rule({"POST": CHAIR}, ON_DOCUMENT),
    "api:negotiation_paragraph": Rule({"GET": MEMBERS}, ON_PARAGRAPH),
    "api:negotiation_paragraph_update": Rule(
        {"PUT": KEEPERS},
        ON_PARAGRAPH,
        # The same text at the revision read: both keepers get through without a conflict.
        body={"text": NEGOTIATION_PARAGRAPH_TEXT, "revision": 1},
    ),
    "api:negotiation_paragraph_status": Rule(
        {"POST": CHAIR}, ON_PARAGRAPH, body={"status": "OPEN"}
    ),
    "api:negotiation_paragraph_position": Rule(
        {"PUT": SPEAKERS}, ON_PARAGRAPH, body={"stance": "SUPPORT"}
    ),
    "api:negotiation_paragraph_answer": Rule(
        {"POST": HEAD}, ON_AD_REFERENDUM, body={"confirm": True}
    ),
    "api:negotiation_amendment": Rule({"GET": MEMBERS}, ON_TABLED),
    "api:negotiation_amendment_cosponsor": Rule({"POST": DELEGATIONS}, ON_TABLED),
    "api:negotiation_amendment_uncosponsor": Rule({"DELETE": DELEGATIONS}, ON_TABLED),
    "api:negotiation_amendment_recommend": Rule(
        {"POST": CHAIR}, ON_TABLED, body={"recommendation": "ACCEPT"}
    ),
    "api:negotiation_amendment_position": Rule(
        {"PUT": SPEAKERS}, ON_TABLED, body={"stance": "OBJECT"}
    ),
    "api:negotiation_amendment_withdraw": Rule({"POST": NOBODY}, ON_TABLED),
    "api:negotiation_amendment_update": Rule(
        {"PUT": NOBODY}, ON_THAI_DRAFT, body={"kind": "REPLACE", "target": "x", "revision": 1}
    ),
    "api:negotiation_amendment_submit": Rule({"POST": NOBODY}, ON_THAI_DRAFT),
    "api:negotiation_position_publish": Rule({"POST": NOBODY}, {"position_id": "<thai_position>"}),
    # Silence, ASEAN-minus-X, footnotes, adoption: <adopted_document> adopted by the chair, with
    # <adopted_sha256> its hash; <silence> a silence running on another clean text.
    "negotiation_conclusion": Rule({"GET": MEMBERS}, ON_DOCUMENT),
    "negotiation_adopted": Rule({"GET": MEMBERS}, ON_ADOPTED),
    "negotiation_silence_start": Rule({"POST": CHAIR}, ON_DOCUMENT),
    "negotiation_silence_break": Rule({"POST": HEAD}, ON_SILENCE),
    "negotiation_adopt": Rule({"POST": CHAIR}, ON_DOCUMENT),
    "negotiation_endorse": Rule({"POST": HEAD}, ON_ADOPTED),
    "negotiation_paragraph_flexible": Rule({"POST": CHAIR}, ON_PARAGRAPH),
    "negotiation_paragraph_opt_out": Rule({"POST": HEAD}, ON_PARAGRAPH),
    "negotiation_paragraph_join": Rule({"POST": HEAD}, ON_PARAGRAPH),
    "negotiation_paragraph_footnote": Rule({"POST": DELEGATIONS}, ON_PARAGRAPH),
    "api:negotiation_conclusion": Rule({"GET": MEMBERS}, ON_DOCUMENT),
    "api:negotiation_adopted": Rule({"GET": MEMBERS}, ON_ADOPTED),
    "api:negotiation_silence_start": Rule({"POST": CHAIR}, ON_DOCUMENT),
    "api:negotiation_silence_break": Rule(
        {"POST": HEAD}, ON_SILENCE, body={"reason": "Instructions from the capital."}
    ),
    "api:negotiation_adopt": Rule({"POST": CHAIR}, ON_DOCUMENT),
    "api:negotiation_endorse": Rule(
        {"POST": HEAD}, ON_ADOPTED, body={"content_sha256": "<adopted_sha256>"}
    ),
    "api:negotiation_paragraph_flexible": Rule(
        {"PUT": CHAIR}, ON_PARAGRAPH, body={"flexible": True}
    ),
    "api:negotiation_paragraph_opt_out": Rule({"POST": HEAD}, ON_PARAGRAPH),
    "api:negotiation_paragraph_join": Rule({"POST": HEAD}, ON_PARAGRAPH),
    "api:negotiation_paragraph_footnote": Rule(
        {"POST": DELEGATIONS}, ON_PARAGRAPH, body={"text": "A statement for the record."}
    ),
}
# In the generic matrix each of these asks for object 0: every role must be refused.
POLICY.update(
    {
        name: Rule(
            {method: NOBODY for method in rule.methods},
            {k: str(_asking_for_a_missing_object(v)) for k, v in rule.kwargs.items()},
            body=_asking_for_a_missing_object(rule.body),  # type: ignore[arg-type]
        )
        for name, rule in NEGOTIATION_OBJECT_POLICY.items()
    }
)

# The Django admin is one guarded site: the Secretariat (staff) only, for every admin route.
ADMIN_NAMESPACE = "admin"
ADMIN_ALLOWED = SECRETARIAT

# exchange: routes without an object. Published practices and their search are public; needs,
# offers, matches and experts are the members'; delegations (not the chair's seat) share and post.
EXCHANGE_CONTRIBUTORS = frozenset({"delegate", "head"})
EXCHANGE_PRACTICE = {"title": "Matrix practice", "summary": "A summary.", "language": "en"}
EXCHANGE_LISTING = {
    "kind": "TRAINING",
    "title": "Matrix listing",
    "description": "Training for farmers.",
    "language": "en",
}
POLICY.update(
    {
        "exchange_practices": Rule({"GET": EVERYONE}),
        "exchange_practice_create": Rule(
            {"GET": EXCHANGE_CONTRIBUTORS, "POST": EXCHANGE_CONTRIBUTORS}
        ),
        "exchange_moderation": Rule({"GET": SECRETARIAT}),
        "exchange_listings": Rule({"GET": MEMBERS}),
        "exchange_need_create": Rule({"GET": EXCHANGE_CONTRIBUTORS, "POST": EXCHANGE_CONTRIBUTORS}),
        "exchange_offer_create": Rule(
            {"GET": EXCHANGE_CONTRIBUTORS, "POST": EXCHANGE_CONTRIBUTORS}
        ),
        "exchange_matches": Rule({"GET": MEMBERS}),
        "exchange_experts": Rule({"GET": MEMBERS}),
        "exchange_expert_join": Rule({"GET": MEMBERS, "POST": MEMBERS}),
        "api:exchange_practices": Rule({"GET": EVERYONE}),
        "api:exchange_practices_create": Rule(
            {"POST": EXCHANGE_CONTRIBUTORS}, body=EXCHANGE_PRACTICE
        ),
        "api:exchange_moderation": Rule({"GET": SECRETARIAT}),
        "api:exchange_needs": Rule({"GET": MEMBERS}),
        "api:exchange_needs_create": Rule({"POST": EXCHANGE_CONTRIBUTORS}, body=EXCHANGE_LISTING),
        "api:exchange_offers": Rule({"GET": MEMBERS}),
        "api:exchange_offers_create": Rule({"POST": EXCHANGE_CONTRIBUTORS}, body=EXCHANGE_LISTING),
        "api:exchange_matches": Rule({"GET": MEMBERS}),
        "api:exchange_experts": Rule({"GET": MEMBERS}),
    }
)

# exchange: routes on a practice, need or match, with real objects made by
# cadec/exchange/tests/test_authorization.py: <published_practice> (Viet Nam's, published),
# <submitted_practice> (Viet Nam's, awaiting moderation), <thai_draft_practice> (Thailand's
# draft, which no role here but the Secretariat may see), <need> (Viet Nam's), <match> (on it,
# suggested, with Thailand's offer), <attachment> (a PDF of the published practice).
ON_PUBLISHED = {"practice_id": "<published_practice>"}
ON_SUBMITTED = {"practice_id": "<submitted_practice>"}
ON_THAI_DRAFT_PRACTICE = {"practice_id": "<thai_draft_practice>"}
VIET_NAM_AND_SECRETARIAT = frozenset({"delegate", "head", "secretariat"})
EXCHANGE_OBJECT_POLICY: dict[str, Rule] = {
    "exchange_practice": Rule({"GET": EVERYONE}, ON_PUBLISHED),
    "exchange_practice_edit": Rule({"GET": SECRETARIAT, "POST": SECRETARIAT}, ON_PUBLISHED),
    "exchange_practice_submit": Rule({"POST": SECRETARIAT}, ON_THAI_DRAFT_PRACTICE),
    "exchange_practice_moderate": Rule({"POST": SECRETARIAT}, ON_SUBMITTED),
    "exchange_practice_translate": Rule({"POST": MEMBERS}, ON_PUBLISHED),
    "exchange_practice_machine_translation": Rule({"GET": EVERYONE}, ON_PUBLISHED),
    "exchange_practice_attach": Rule({"POST": SECRETARIAT}, ON_PUBLISHED),
    "exchange_attachment": Rule({"GET": EVERYONE}, {"attachment_id": "<attachment>"}),
    "exchange_need": Rule({"GET": MEMBERS}, {"need_id": "<need>"}),
    "exchange_need_suggest": Rule({"POST": VIET_NAM_AND_SECRETARIAT}, {"need_id": "<need>"}),
    "exchange_match_status": Rule({"POST": VIET_NAM_AND_SECRETARIAT}, {"match_id": "<match>"}),
    "api:exchange_practice": Rule({"GET": EVERYONE}, ON_PUBLISHED),
    "api:exchange_practice_update": Rule(
        {"PUT": SECRETARIAT}, ON_PUBLISHED, body=EXCHANGE_PRACTICE
    ),
    "api:exchange_practice_submit": Rule({"POST": SECRETARIAT}, ON_THAI_DRAFT_PRACTICE),
    "api:exchange_practice_moderate": Rule(
        {"POST": SECRETARIAT}, ON_SUBMITTED, body={"decision": "publish"}
    ),
    "api:exchange_practice_translations_create": Rule(
        {"POST": MEMBERS},
        ON_PUBLISHED,
        body={"language": "th", "title": "แปล", "summary": "สรุป"},
    ),
    "api:exchange_practice_similar": Rule({"GET": EVERYONE}, ON_PUBLISHED),
    "api:exchange_practice_machine_translation": Rule({"GET": EVERYONE}, ON_PUBLISHED),
    "api:exchange_practice_attachments_create": Rule({"POST": SECRETARIAT}, ON_PUBLISHED),
    "api:exchange_attachment": Rule({"GET": EVERYONE}, {"attachment_id": "<attachment>"}),
    "api:exchange_need_suggest": Rule({"POST": VIET_NAM_AND_SECRETARIAT}, {"need_id": "<need>"}),
    "api:exchange_match_status": Rule(
        {"POST": VIET_NAM_AND_SECRETARIAT}, {"match_id": "<match>"}, body={"status": "CONTACTED"}
    ),
}
# In the generic matrix each of these asks for object 0: every role must be refused.
POLICY.update(
    {
        name: Rule(
            {method: NOBODY for method in rule.methods},
            {k: str(_asking_for_a_missing_object(v)) for k, v in rule.kwargs.items()},
            body=_asking_for_a_missing_object(rule.body),  # type: ignore[arg-type]
        )
        for name, rule in EXCHANGE_OBJECT_POLICY.items()
    }
)
