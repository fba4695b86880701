from django.urls import path

from egov.filing.views import check, drafts, steps

app_name = "filing"
urlpatterns = [
    path("", drafts.drafts, name="drafts"),
    path("thu-tuc/<str:code>/", drafts.start, name="start"),
    path("<int:pk>/", drafts.resume, name="resume"),
    path("<int:pk>/xoa/", drafts.delete, name="delete"),
    path("<int:pk>/nguoi-nop/", steps.who, name="who"),
    path("<int:pk>/nguoi-yeu-cau/", steps.applicant, name="applicant"),
    path("<int:pk>/to-khai/<int:page>/", steps.form_page, name="form"),
    path("<int:pk>/giay-to/<int:requirement>/", steps.paper, name="paper"),
    path("<int:pk>/noi-nop/", steps.place, name="place"),
    path("<int:pk>/kiem-tra/", check.check, name="check"),
    path("<int:pk>/da-nop/", check.submitted, name="submitted"),
]
