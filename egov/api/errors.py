"""The API's refusals of what a request carries, in the user's language.

Ninja answers a body or query parameter its schema refuses with pydantic's errors (422), whose `msg` is
English ("Field required", "Input should be a valid string"). Each error keeps its `type` and `loc`, which
a program reads, and its `ctx` of plain values (the bounds: `max_length`, `ge`…); its `msg` becomes the
sentence a person reads, translated by gettext; a type not listed here is told by the generic sentence,
never in English (the API's schemas have no validators of their own whose messages would need keeping).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

Wording = Callable[[dict[str, Any]], str]

_WORDINGS: dict[str, Wording] = {
    "missing": lambda ctx: _("This field is required."),
    "extra_forbidden": lambda ctx: _("This field is not expected here."),
    "string_type": lambda ctx: _("Enter text."),
    "int_type": lambda ctx: _("Enter a whole number."),
    "int_parsing": lambda ctx: _("Enter a whole number."),
    "int_from_float": lambda ctx: _("Enter a whole number."),
    "float_type": lambda ctx: _("Enter a number."),
    "float_parsing": lambda ctx: _("Enter a number."),
    "decimal_parsing": lambda ctx: _("Enter a number."),
    "bool_type": lambda ctx: _("Enter true or false."),
    "bool_parsing": lambda ctx: _("Enter true or false."),
    "list_type": lambda ctx: _("Enter a list."),
    "dict_type": lambda ctx: _("Enter an object."),
    "model_type": lambda ctx: _("Enter an object."),
    "model_attributes_type": lambda ctx: _("Enter an object."),
    "date_type": lambda ctx: _("Enter a date as YYYY-MM-DD."),
    "date_parsing": lambda ctx: _("Enter a date as YYYY-MM-DD."),
    "date_from_datetime_parsing": lambda ctx: _("Enter a date as YYYY-MM-DD."),
    "datetime_type": lambda ctx: _("Enter a date and time in ISO 8601."),
    "datetime_parsing": lambda ctx: _("Enter a date and time in ISO 8601."),
    "datetime_from_date_parsing": lambda ctx: _("Enter a date and time in ISO 8601."),
    "string_too_long": lambda ctx: (
        ngettext(
            "Enter at most %(n)s character.", "Enter at most %(n)s characters.", int(ctx.get("max_length", 0))
        )
        % {"n": ctx.get("max_length")}
    ),
    "string_too_short": lambda ctx: (
        ngettext(
            "Enter at least %(n)s character.",
            "Enter at least %(n)s characters.",
            int(ctx.get("min_length", 0)),
        )
        % {"n": ctx.get("min_length")}
    ),
    "too_long": lambda ctx: _("Too many items: at most %(n)s.") % {"n": ctx.get("max_length")},
    "too_short": lambda ctx: _("Too few items: at least %(n)s.") % {"n": ctx.get("min_length")},
    "greater_than": lambda ctx: _("Enter a value greater than %(n)s.") % {"n": ctx.get("gt")},
    "greater_than_equal": lambda ctx: _("Enter a value of at least %(n)s.") % {"n": ctx.get("ge")},
    "less_than": lambda ctx: _("Enter a value less than %(n)s.") % {"n": ctx.get("lt")},
    "less_than_equal": lambda ctx: _("Enter a value of at most %(n)s.") % {"n": ctx.get("le")},
    "enum": lambda ctx: _("Choose one of: %(choices)s.") % {"choices": ctx.get("expected", "")},
    "literal_error": lambda ctx: _("Choose one of: %(choices)s.") % {"choices": ctx.get("expected", "")},
}


def told(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Pydantic's errors with `msg` in the active language; `type` and `loc` as they were."""
    out = []
    for error in errors:
        kind = str(error.get("type", ""))
        wording = _WORDINGS.get(kind)
        ctx = dict(error.get("ctx") or {})
        msg = wording(ctx) if wording else _("This value is not valid.")
        told: dict[str, Any] = {"type": kind, "loc": list(error.get("loc", ())), "msg": msg}
        # the bounds a program may read (max_length, ge…), as pydantic gives them; an exception is not data
        plain = {k: v for k, v in ctx.items() if isinstance(v, str | int | float | bool)}
        if plain:
            told["ctx"] = plain
        out.append(told)
    return out
