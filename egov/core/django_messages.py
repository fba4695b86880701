"""Django's own messages whose Vietnamese in Django's catalogue reads badly, worded again in egov/core's
catalogue (an app's catalogue comes before Django's own): "Đảm bảo giá trị này lớn hơn hoặc bằng với 1 ."
(a space before the full stop, and a phrase no form of the project uses) became the project's wording of
the same rule, as egov.api.errors words it. Listed here so that `make messages` keeps them."""

from django.utils.translation import gettext_noop

WORDED_AGAIN = (
    gettext_noop("Ensure this value is greater than or equal to %(limit_value)s."),
    gettext_noop("Ensure this value is less than or equal to %(limit_value)s."),
    # Untranslated in Django's catalogue: a form shown English to whoever pasted a NUL (a newcomer's walk).
    gettext_noop("Null characters are not allowed."),
)
