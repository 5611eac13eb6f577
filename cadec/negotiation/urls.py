from django.urls import path

from cadec.negotiation import adoption_views, views

urlpatterns = [
    path("", views.document_list, name="negotiation_documents"),
    path("new/", views.document_create, name="negotiation_document_create"),
    path("import/", views.document_import, name="negotiation_document_import"),
    path("mine/", views.mine, name="negotiation_mine"),
    path("<int:document_id>/", views.document_detail, name="negotiation_document"),
    path("<int:document_id>/compare/", views.compare, name="negotiation_compare"),
    path(
        "<int:document_id>/export/<slug:kind>.<slug:fmt>",
        views.export,
        name="negotiation_export",
    ),
    path(
        "<int:document_id>/paragraphs/new/", views.paragraph_add, name="negotiation_paragraph_add"
    ),
    path("<int:document_id>/amendments/", views.amendment_list, name="negotiation_amendments"),
    path(
        "<int:document_id>/amendments/new/",
        views.amendment_create,
        name="negotiation_amendment_create",
    ),
    path("<int:document_id>/issue/", views.issue, name="negotiation_issue"),
    path("<int:document_id>/events/", views.event_list, name="negotiation_events"),
    path("<int:document_id>/log.json", views.log_download, name="negotiation_log"),
    path("paragraphs/<int:paragraph_id>/", views.paragraph_detail, name="negotiation_paragraph"),
    path(
        "paragraphs/<int:paragraph_id>/edit/",
        views.paragraph_edit,
        name="negotiation_paragraph_edit",
    ),
    path(
        "paragraphs/<int:paragraph_id>/position/",
        views.paragraph_position,
        name="negotiation_paragraph_position",
    ),
    path(
        "paragraphs/<int:paragraph_id>/declare/",
        views.paragraph_declare,
        name="negotiation_paragraph_declare",
    ),
    path(
        "paragraphs/<int:paragraph_id>/answer/",
        views.paragraph_answer,
        name="negotiation_paragraph_answer",
    ),
    path("amendments/<int:amendment_id>/", views.amendment_detail, name="negotiation_amendment"),
    path(
        "amendments/<int:amendment_id>/edit/",
        views.amendment_edit,
        name="negotiation_amendment_edit",
    ),
    path(
        "amendments/<int:amendment_id>/submit/",
        views.amendment_submit,
        name="negotiation_amendment_submit",
    ),
    path(
        "amendments/<int:amendment_id>/withdraw/",
        views.amendment_withdraw,
        name="negotiation_amendment_withdraw",
    ),
    path(
        "amendments/<int:amendment_id>/cosponsor/",
        views.amendment_cosponsor,
        name="negotiation_amendment_cosponsor",
    ),
    path(
        "amendments/<int:amendment_id>/recommend/",
        views.amendment_recommend,
        name="negotiation_amendment_recommend",
    ),
    path(
        "amendments/<int:amendment_id>/position/",
        views.amendment_position,
        name="negotiation_amendment_position",
    ),
    path(
        "positions/<int:position_id>/publish/",
        views.position_publish,
        name="negotiation_position_publish",
    ),
    path(
        "<int:document_id>/adoption/",
        adoption_views.conclusion,
        name="negotiation_conclusion",
    ),
    path("<int:document_id>/adopted/", adoption_views.adopted, name="negotiation_adopted"),
    path(
        "<int:document_id>/silence/",
        adoption_views.silence_start,
        name="negotiation_silence_start",
    ),
    path(
        "silences/<int:silence_id>/break/",
        adoption_views.silence_break,
        name="negotiation_silence_break",
    ),
    path("<int:document_id>/adopt/", adoption_views.adopt, name="negotiation_adopt"),
    path("<int:document_id>/endorse/", adoption_views.endorse, name="negotiation_endorse"),
    path(
        "paragraphs/<int:paragraph_id>/flexible/",
        adoption_views.paragraph_flexible,
        name="negotiation_paragraph_flexible",
    ),
    path(
        "paragraphs/<int:paragraph_id>/opt-out/",
        adoption_views.paragraph_opt_out,
        name="negotiation_paragraph_opt_out",
    ),
    path(
        "paragraphs/<int:paragraph_id>/join/",
        adoption_views.paragraph_join,
        name="negotiation_paragraph_join",
    ),
    path(
        "paragraphs/<int:paragraph_id>/footnotes/",
        adoption_views.paragraph_footnote,
        name="negotiation_paragraph_footnote",
    ),
]
