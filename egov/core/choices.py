"""Faster `get_FOO_display` for the fields of a model that have choices.

Django's own method rebuilds a dict of every choice of the field on each call and hashes each lazy label
to do it, which translates every label (a queue page showing 25 statuses translated ~250 labels). The
method set here builds the table once, keeping the labels lazy, so each call translates the one label it
returns, in the language active at the call; its answer is Django's.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import models
from django.utils.encoding import force_str


def _display(field: models.Field[Any, Any]) -> Callable[[models.Model], Any]:
    table: dict[Any, Any] = {}

    def get_display(self: models.Model) -> Any:
        if not table:
            table.update(field.flatchoices)  # hashes the values only; the labels stay lazy
        value = getattr(self, field.attname)
        try:
            found = table.get(value, value)
        except TypeError:  # an unhashable value: no choice has it
            found = value
        return force_str(found, strings_only=True)

    get_display.__name__ = f"get_{field.name}_display"
    return get_display


def fast_displays(*models_: type[models.Model]) -> None:
    """Give each field with choices of these models the faster `get_FOO_display`."""
    for model in models_:
        for field in model._meta.local_fields:  # ready at class creation, unlike get_fields()
            if field.choices:
                setattr(model, f"get_{field.name}_display", _display(field))


_TABLES: dict[type[models.Choices], dict[Any, Any]] = {}


def label(choices: type[models.Choices], value: Any) -> str:
    """The label of `value` among these choices (the value itself when none has it), as `get_FOO_display`
    answers, for code that holds the value without its model instance."""
    table = _TABLES.get(choices)
    if table is None:
        table = _TABLES[choices] = {member.value: member.label for member in choices}
    return str(force_str(table.get(value, value), strings_only=True))
