from django.urls import path

from egov.dossiers.views import dossier, guidance, public, queues, slips

app_name = "dossiers"
urlpatterns = [
    path("ho-so/", queues.index, name="queues"),
    path("ho-so/hang-doi/<slug:key>/", queues.queue, name="queue"),
    path("ho-so/tiep-nhan/", dossier.receive, name="receive"),
    path("ho-so/so-theo-doi/", slips.book, name="book"),
    path("ho-so/huong-dan/", guidance.guide, name="guidance"),
    path("ho-so/huong-dan/<int:pk>/phieu/", guidance.guidance_slip, name="guidance_slip"),
    path("ho-so/<int:pk>/", dossier.detail, name="detail"),
    path("ho-so/<int:pk>/phieu/<slug:kind>/", slips.slip, name="slip"),
    path("ho-so/<int:pk>/<slug:action>/", dossier.act, name="act"),
    path("ho-so/tep/<int:pk>/", dossier.attachment, name="attachment"),
    path("tra-cuu/", public.lookup_form, name="lookup_form"),
    # Before the look-up, whose code is a path: a result file for the holder of the dossier's signed link.
    path("tra-cuu/ket-qua/<int:pk>/<str:code>/", public.result_file, name="result_file"),
    path("tra-cuu/<path:code>/", public.lookup, name="lookup"),
]
