from django.urls import path

from egov.exchange import views

app_name = "exchange"

urlpatterns = [
    path("edxml/", views.endpoint, name="endpoint"),
    path("", views.delivery_list, name="list"),
    path("<int:pk>/gui-lai/", views.retry, name="retry"),
    path("nguoi-nhan/<int:pk>/gui-lai/", views.retry_recipient, name="retry_recipient"),
    path("van-ban/<int:pk>/thu-hoi/", views.answer_recall, name="answer_recall"),
]
