from django.urls import path

from egov.schedule import views

app_name = "schedule"

urlpatterns = [
    path("", views.week, name="week"),
    path("in/", views.week_pdf, name="pdf"),
    path("them/", views.add, name="add"),
    path("cong-bo/", views.publish, name="publish"),
    path("<int:pk>/sua/", views.change, name="change"),
    path("<int:pk>/huy/", views.cancel, name="cancel"),
]
