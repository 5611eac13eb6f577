from django.urls import path

from cadec.indicators import views

urlpatterns = [
    path("", views.indicator_list, name="indicator_list"),
    path("upload/", views.upload, name="indicator_upload"),
    path("countries/<str:code>/", views.country_profile, name="indicator_country"),
    path("<str:code>/", views.indicator_detail, name="indicator_detail"),
    path("<str:code>/export.csv", views.export_csv, name="indicator_export_csv"),
    path("<str:code>/export.json", views.export_json, name="indicator_export_json"),
]
