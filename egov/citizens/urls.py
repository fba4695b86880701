from django.urls import path

from egov.accounts.urls import login_limit
from egov.citizens import oidc
from egov.citizens.views import accounts, organisations, profile

app_name = "citizens"
urlpatterns = [
    path("dang-ky/", accounts.register, name="register"),
    path("dang-nhap/", login_limit(accounts.login_view), name="login"),
    path("dang-xuat/", accounts.logout_view, name="logout"),
    path("xac-minh/", accounts.verify, name="verify"),
    path("quen-mat-khau/", accounts.reset_start, name="reset_start"),
    path("quen-mat-khau/dat-lai/", accounts.reset_finish, name="reset_finish"),
    path("tai-khoan/", profile.profile, name="profile"),
    path("tai-khoan/mat-khau/", profile.change_password, name="password_change"),
    path("tai-khoan/thong-bao/", profile.notification_choices, name="notification_choices"),
    path("to-chuc/", organisations.organisation_list, name="organisations"),
    path("to-chuc/<int:pk>/", organisations.organisation_detail, name="organisation"),
    path(
        "to-chuc/<int:pk>/thanh-vien/<int:member_pk>/xoa/", organisations.remove_member, name="remove_member"
    ),
    path("dinh-danh/bat-dau/", oidc.StartView.as_view(), name="oidc_start"),
    path("dinh-danh/callback/", oidc.CallbackView.as_view(), name="oidc_callback"),
]
