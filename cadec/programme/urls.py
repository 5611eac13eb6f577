from django.urls import path

from cadec.programme import views

urlpatterns = [
    path("", views.programme_list, name="programme_list"),
    path("mine/", views.my_registrations, name="programme_mine"),
    path("scheduling/", views.scheduling_assistant, name="programme_scheduling"),
    path("actions/", views.action_list, name="programme_actions"),
    path("actions/<int:action_id>/", views.action_update, name="programme_action_update"),
    path("activities/new/", views.activity_create, name="programme_activity_create"),
    path("activities/<int:activity_id>/", views.activity_detail, name="programme_activity"),
    path("activities/<int:activity_id>/edit/", views.activity_edit, name="programme_activity_edit"),
    path(
        "activities/<int:activity_id>/cancel/",
        views.activity_cancel,
        name="programme_activity_cancel",
    ),
    path(
        "activities/<int:activity_id>/sessions/",
        views.session_create,
        name="programme_session_create",
    ),
    path(
        "activities/<int:activity_id>/agenda/",
        views.agenda_item_create,
        name="programme_agenda_item_create",
    ),
    path("activities/<int:activity_id>/register/", views.register, name="programme_register"),
    path(
        "activities/<int:activity_id>/registrations/",
        views.registrations,
        name="programme_registrations",
    ),
    path(
        "activities/<int:activity_id>/attendance/",
        views.attendance,
        name="programme_attendance",
    ),
    path(
        "activities/<int:activity_id>/statements/",
        views.statement_create,
        name="programme_statement_create",
    ),
    path("activities/<int:activity_id>/minutes/", views.minutes_detail, name="programme_minutes"),
    path(
        "activities/<int:activity_id>/minutes/v<int:number>/",
        views.minutes_version,
        name="programme_minutes_version",
    ),
    path(
        "activities/<int:activity_id>/minutes/draft/",
        views.minutes_draft,
        name="programme_minutes_draft",
    ),
    path(
        "activities/<int:activity_id>/minutes/circulate/",
        views.minutes_circulate,
        name="programme_minutes_circulate",
    ),
    path(
        "activities/<int:activity_id>/minutes/corrections/",
        views.minutes_correct,
        name="programme_minutes_correct",
    ),
    path(
        "activities/<int:activity_id>/minutes/approve/",
        views.minutes_approve,
        name="programme_minutes_approve",
    ),
    path(
        "activities/<int:activity_id>/outcomes/",
        views.outcome_create,
        name="programme_outcome_create",
    ),
    path(
        "activities/<int:activity_id>/actions/",
        views.action_create,
        name="programme_action_create",
    ),
    path(
        "registrations/<int:registration_id>/decide/",
        views.registration_decide,
        name="programme_registration_decide",
    ),
    path(
        "registrations/<int:registration_id>/withdraw/",
        views.registration_withdraw,
        name="programme_registration_withdraw",
    ),
    path("statements/<int:statement_id>/", views.statement_detail, name="programme_statement"),
    path("feeds/", views.feed_create, name="programme_feed_create"),
    path("feeds/public.ics", views.feed_public, name="programme_feed_public"),
    path("feeds/<int:token_id>/<slug:secret>.ics", views.feed_private, name="programme_feed"),
]
