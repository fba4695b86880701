from django.urls import URLPattern, URLResolver, path

from egov.insight.views import entry, pages

app_name = "insight"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", pages.indicators, name="indicators"),
    path("ung-dung-cntt/", pages.it_application, name="it"),
    path("nhap-so-lieu/", entry.enter, name="enter"),
    path("minh-chung/<int:pk>/", entry.evidence, name="evidence"),
]
