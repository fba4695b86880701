from django.urls import URLPattern, path

from egov.ivr import views

app_name = "ivr"
urlpatterns: list[URLPattern] = [
    path("", views.start, name="start"),
    path("tra-cuu/", views.status, name="status"),
    path("chi-tiet/", views.details, name="details"),
    path("am-thanh/<str:name>.wav", views.audio, name="audio"),
]
