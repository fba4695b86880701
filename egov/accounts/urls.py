from django.contrib.auth import views as auth_views
from django.urls import path

from egov.accounts.forms import LoginForm
from egov.core.ratelimit import limit_posts

# Every sign-in attempt counts per address (egov.core.ratelimit), staff and citizens together: django-axes
# locks a username tried from an address, not an address that tries many usernames.
login_limit = limit_posts("login", limit="EGOV_LOGIN_LIMIT", window="EGOV_LOGIN_WINDOW")

app_name = "accounts"
urlpatterns = [
    path(
        "login/",
        login_limit(
            auth_views.LoginView.as_view(
                template_name="accounts/login.html",
                authentication_form=LoginForm,
                redirect_authenticated_user=True,
            )
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "password/",
        auth_views.PasswordChangeView.as_view(template_name="accounts/password_change.html", success_url="/"),
        name="password_change",
    ),
]
