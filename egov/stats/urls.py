from django.urls import path

from egov.stats.views import public, staff

app_name = "stats"
urlpatterns = [
    path("bao-cao/", staff.dashboard, name="dashboard"),
    path("bao-cao/ho-so/", staff.dossiers, name="dossiers"),
    path("bao-cao/diem-nghen/", staff.stuck, name="bottlenecks"),
    path("bao-cao/xuat.<slug:fmt>", staff.export, name="export"),
    path("thong-ke/", public.public, name="public"),
    path("thong-ke/thong-ke.xlsx", public.public_xlsx, name="public_xlsx"),
]
