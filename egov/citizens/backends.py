"""The password login of citizens: by email address or mobile number, only from the citizens' login form.

The form calls `authenticate(request, username=<email or phone>, password=…, citizen_login=True)`, so
django-axes counts failures per email/phone and address exactly as on the staff login. Without
`citizen_login` this backend does nothing, so the staff login never finds a citizen by email.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from egov.accounts.backends import KeptUserRead
from egov.citizens import identifiers
from egov.citizens.selectors import citizen_by_identifier


class CitizenPasswordBackend(KeptUserRead, ModelBackend):
    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        citizen_login: bool = False,
        **kwargs: Any,
    ) -> Any:
        if not citizen_login or not username or password is None:
            return None
        try:
            identifier = identifiers.parse(username)
        except ValidationError:
            return None
        user = citizen_by_identifier(identifier)
        if user is None:
            # Spend the time a password check takes, so the answer does not tell who has an account.
            get_user_model()().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
