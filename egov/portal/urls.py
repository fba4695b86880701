from django.urls import URLPattern, URLResolver, path
from django.views.generic import RedirectView

from egov.portal import views

app_name = "portal"
urlpatterns: list[URLPattern | URLResolver] = [
    # The citizen's home (/ca-nhan/): their dossiers.
    path("", RedirectView.as_view(pattern_name="portal:dossiers"), name="home"),
    path("ho-so/", views.dossiers, name="dossiers"),
    path("ho-so/<int:pk>/", views.detail, name="detail"),
    path("ho-so/<int:pk>/bo-sung/", views.supplement, name="supplement"),
    path("ho-so/<int:pk>/rut/", views.withdraw, name="withdraw"),
    path("ho-so/<int:pk>/tep/<int:file_pk>/", views.download, name="download"),
    path("ho-so/<int:pk>/giay-tiep-nhan/", views.receipt_slip, name="receipt_slip"),
    path("lien-thong/<str:reference>/", views.bundle, name="bundle"),
]
