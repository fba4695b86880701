from django.urls import path

from egov.filing.views import check, drafts, group, group_check, steps

app_name = "filing"
urlpatterns = [
    path("", drafts.drafts, name="drafts"),
    path("thu-tuc/<str:code>/", drafts.start, name="start"),
    path("<int:pk>/", drafts.resume, name="resume"),
    path("<int:pk>/xoa/", drafts.delete, name="delete"),
    path("<int:pk>/nguoi-nop/", steps.who, name="who"),
    path("<int:pk>/nguoi-yeu-cau/", steps.applicant, name="applicant"),
    path("<int:pk>/to-khai/<int:page>/", steps.form_page, name="form"),
    path("<int:pk>/phi-le-phi/", steps.fee_cases, name="fees"),
    path("<int:pk>/giay-to/<int:requirement>/", steps.paper, name="paper"),
    path("<int:pk>/noi-nop/", steps.place, name="place"),
    path("<int:pk>/kiem-tra/", check.check, name="check"),
    path("<int:pk>/da-nop/", check.submitted, name="submitted"),
    # A linked procedure group filed once (docs/filing.md, "A linked group filed once").
    path("lien-thong/<str:code>/", group.start, name="group_start"),
    path("nhom/<int:pk>/", group.resume, name="group_resume"),
    path("nhom/<int:pk>/xoa/", group.delete, name="group_delete"),
    path("nhom/<int:pk>/nguoi-yeu-cau/", group.applicant, name="group_applicant"),
    path("nhom/<int:pk>/thu-tuc/", group.parts, name="group_parts"),
    path("nhom/<int:pk>/to-khai/<int:part>/<int:page>/", group.form_page, name="group_form"),
    path("nhom/<int:pk>/phi-le-phi/<int:part>/", group.fee_cases, name="group_fees"),
    path("nhom/<int:pk>/giay-to/<int:requirement>/", group.paper, name="group_paper"),
    path("nhom/<int:pk>/noi-nop/", group.place, name="group_place"),
    path("nhom/<int:pk>/kiem-tra/", group_check.check, name="group_check"),
    path("nhom/<int:pk>/da-nop/", group_check.submitted, name="group_submitted"),
]
