from django.urls import reverse


def test_vietnamese_is_the_default_whatever_the_browser_says(client, db):
    response = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response["Content-Language"] == "vi"
    assert "Đăng nhập cán bộ" in response.content.decode()


def test_the_switcher_changes_the_language(client, db):
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("accounts:login")})
    assert response.status_code == 302
    page = client.get(reverse("accounts:login")).content.decode()
    assert "Staff sign-in" in page
    client.post(reverse("set_language"), {"language": "vi", "next": "/"})
    assert "Đăng nhập cán bộ" in client.get(reverse("accounts:login")).content.decode()


def test_unknown_language_cookie_falls_back_to_vietnamese(client, db):
    client.cookies["django_language"] = "xx"
    assert "Đăng nhập cán bộ" in client.get(reverse("accounts:login")).content.decode()


def test_site_name_is_the_configured_one(client, db, settings):
    settings.EGOV_SITE_NAME = "Chính quyền số tỉnh Thử"
    assert "Chính quyền số tỉnh Thử" in client.get(reverse("accounts:login")).content.decode()
