from django.contrib.auth import views as auth_views
from django.urls import path

from cadec.members import views
from cadec.members.mail import QueuedPasswordResetForm

urlpatterns = [
    path("", views.home, name="home"),
    path("members/", views.country_list, name="country_list"),
    path("members/countries/<str:code>/", views.country_detail, name="country_detail"),
    path("members/frameworks/<slug:slug>/", views.framework_detail, name="framework_detail"),
    path("members/organisations/", views.organisation_list, name="organisation_list"),
    path(
        "members/organisations/<int:organisation_id>/",
        views.organisation_detail,
        name="organisation_detail",
    ),
    path("members/people/", views.person_list, name="person_list"),
    path("members/people/new/", views.person_create, name="person_create"),
    path("members/people/<int:person_id>/", views.person_detail, name="person_detail"),
    path(
        "members/memberships/<int:membership_id>/end/", views.membership_end, name="membership_end"
    ),
    path("account/", views.account, name="account"),
    path("account/tokens/", views.token_create, name="token_create"),
    path("account/tokens/<int:token_id>/revoke/", views.token_revoke, name="token_revoke"),
    path("account/login/", views.LoginView.as_view(), name="login"),
    path("account/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("account/two-factor/", views.two_factor_verify, name="two_factor_verify"),
    path("account/two-factor/setup/", views.two_factor_setup, name="two_factor_setup"),
    path(
        "account/password-reset/",
        auth_views.PasswordResetView.as_view(
            form_class=QueuedPasswordResetForm,
            template_name="members/password_reset_form.html",
            email_template_name="members/email/password_reset.txt",
            subject_template_name="members/email/password_reset_subject.txt",
        ),
        name="password_reset",
    ),
    path(
        "account/password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="members/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "account/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="members/password_reset_confirm.html"
        ),
        name="password_reset_confirm",
    ),
    path(
        "account/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="members/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
    path("i18n/setlang/", views.set_language, name="set_language"),
]
