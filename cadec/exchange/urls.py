from django.urls import path

from cadec.exchange import views

urlpatterns = [
    path("", views.practice_list, name="exchange_practices"),
    path("practices/new/", views.practice_create, name="exchange_practice_create"),
    path("practices/<int:practice_id>/", views.practice_detail, name="exchange_practice"),
    path("practices/<int:practice_id>/edit/", views.practice_edit, name="exchange_practice_edit"),
    path(
        "practices/<int:practice_id>/submit/",
        views.practice_submit,
        name="exchange_practice_submit",
    ),
    path(
        "practices/<int:practice_id>/moderate/",
        views.practice_moderate,
        name="exchange_practice_moderate",
    ),
    path(
        "practices/<int:practice_id>/translate/",
        views.practice_translate,
        name="exchange_practice_translate",
    ),
    path(
        "practices/<int:practice_id>/machine-translation/",
        views.practice_machine_translation,
        name="exchange_practice_machine_translation",
    ),
    path(
        "practices/<int:practice_id>/attachments/",
        views.practice_attach,
        name="exchange_practice_attach",
    ),
    path(
        "attachments/<int:attachment_id>/",
        views.attachment_download,
        name="exchange_attachment",
    ),
    path("moderation/", views.moderation, name="exchange_moderation"),
    path("needs-and-offers/", views.listings, name="exchange_listings"),
    path("needs/new/", views.need_create, name="exchange_need_create"),
    path("offers/new/", views.offer_create, name="exchange_offer_create"),
    path("needs/<int:need_id>/", views.need_detail, name="exchange_need"),
    path("needs/<int:need_id>/suggest/", views.need_suggest, name="exchange_need_suggest"),
    path("matches/", views.match_list, name="exchange_matches"),
    path("matches/<int:match_id>/status/", views.match_status, name="exchange_match_status"),
    path("experts/", views.expert_list, name="exchange_experts"),
    path("experts/join/", views.expert_join, name="exchange_expert_join"),
]
