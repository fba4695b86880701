from django.urls import path

from egov.tasks.views import lists, work

app_name = "tasks"

urlpatterns = [
    path("", lists.task_list, name="list"),
    path("moi/", work.assign_view, name="assign"),
    path("<int:pk>/", work.detail, name="detail"),
    path("<int:pk>/tep/<int:file_id>/", work.download, name="file"),
    path("<int:pk>/<slug:action>/", work.act, name="act"),
]
