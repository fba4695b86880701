from django.urls import path

from egov.payments import sandbox, staff_views, views

app_name = "payments"
urlpatterns = [
    path("ho-so/<int:dossier_pk>/", views.pay, name="pay"),
    path("ket-qua/<slug:gateway>/", views.payment_return, name="return"),
    path("ipn/<slug:gateway>/", views.callback, name="callback"),
    path("bien-nhan/<str:reference>/", views.receipt, name="receipt"),
    path("bien-nhan/<str:reference>/pdf/", views.receipt_pdf, name="receipt_pdf"),
    path("sandbox/", sandbox.bank_page, name="sandbox"),
    path("lien-thong/<str:reference>/", views.pay_bundle, name="pay_bundle"),
    path("can-bo/ho-so/<int:dossier_pk>/", staff_views.fee_cases, name="fee_cases"),
]
