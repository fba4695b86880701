from django.urls import path

from egov.procedures.views import admin, groups, public, transfer, versions

app_name = "procedures"
urlpatterns = [
    # Public pages (no login).
    path("thu-tuc/", public.index, name="index"),
    path("thu-tuc/goi-y/", public.suggest, name="suggest"),
    path("thu-tuc/dia-gioi/<str:province>/", public.wards, name="wards"),
    path("thu-tuc/lien-thong/", groups.index, name="groups"),
    path("thu-tuc/lien-thong/<str:code>/", groups.detail, name="group_detail"),
    path("thu-tuc/<str:code>/", public.detail, name="detail"),
    path("thu-tuc/<str:code>/to-khai/", public.online_form, name="online_form"),
    path("thu-tuc/<str:code>/to-khai.pdf", public.blank_form, name="blank_form"),
    path("thu-tuc/<str:code>/mau/<int:document_id>/", public.template_file, name="template_file"),
    # Administration.
    path("quan-tri/thu-tuc/", admin.catalogue_list, name="admin_list"),
    path("quan-tri/thu-tuc/moi/", admin.procedure_edit, name="admin_create"),
    path("quan-tri/thu-tuc/nhap/", transfer.import_view, name="admin_import"),
    path("quan-tri/thu-tuc/xuat.<str:fmt>", transfer.export_view, name="admin_export"),
    path("quan-tri/thu-tuc/<int:pk>/", admin.procedure_detail, name="admin_detail"),
    path("quan-tri/thu-tuc/<int:pk>/sua/", admin.procedure_edit, name="admin_edit"),
    path("quan-tri/thu-tuc/<int:pk>/trang-thai/", admin.procedure_status, name="admin_status"),
    path("quan-tri/thu-tuc/<int:pk>/xem-truoc/", admin.procedure_preview, name="admin_preview"),
    path("quan-tri/thu-tuc/<int:pk>/giay-to/", admin.documents_edit, name="admin_documents"),
    path("quan-tri/thu-tuc/<int:pk>/phi/", admin.fees_edit, name="admin_fees"),
    path("quan-tri/thu-tuc/<int:pk>/quy-trinh/moi/", versions.workflow_new, name="admin_workflow_new"),
    path(
        "quan-tri/thu-tuc/<int:pk>/quy-trinh/<int:template_id>/",
        versions.workflow_edit,
        name="admin_workflow",
    ),
    path("quan-tri/thu-tuc/<int:pk>/bieu-mau/moi/", versions.form_new, name="admin_form_new"),
    path("quan-tri/thu-tuc/<int:pk>/bieu-mau/<int:form_id>/", versions.form_edit, name="admin_form"),
    path(
        "quan-tri/thu-tuc/<int:pk>/bieu-mau/<int:form_id>/xem-truoc/",
        versions.form_preview,
        name="admin_form_preview",
    ),
    path("quan-tri/lien-thong/", groups.admin_list, name="admin_groups"),
    path("quan-tri/lien-thong/moi/", groups.admin_edit, name="admin_group_create"),
    path("quan-tri/lien-thong/<int:pk>/", groups.admin_edit, name="admin_group_edit"),
    path("quan-tri/linh-vuc/", admin.fields, name="admin_fields"),
    path("quan-tri/linh-vuc/<int:pk>/", admin.fields, name="admin_field_edit"),
]
