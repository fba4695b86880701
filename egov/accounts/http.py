from django.http import HttpRequest

from egov.accounts.models import User


class AuthedRequest(HttpRequest):
    """The request type of views behind login_required (django-stubs pattern)."""

    user: User
