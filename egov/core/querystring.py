from django.http import HttpRequest


def without_page(request: HttpRequest) -> str:
    """The current query string minus `page`, ending in '&' when not empty, for pagination links."""
    params = request.GET.copy()
    params.pop("page", None)
    encoded = params.urlencode()
    return encoded + "&" if encoded else ""
