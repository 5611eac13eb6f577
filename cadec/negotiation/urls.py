from django.urls import path

from cadec.negotiation import views

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
]
