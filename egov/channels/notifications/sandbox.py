"""Django's template language, fenced: notification templates are written by administrators, so they get
only `{{ variable }}` from a fixed list of strings, `{% if %}` and a few text filters.

The engine has no default tags or filters (no `load`, `include`, `debug`, `url`…), the context holds only
strings, and a template naming anything else, or a dotted lookup (`code.upper`), is refused before it is
saved or rendered — so no template reaches a model, a setting or a file.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import lru_cache

from django.template import Context, Engine, Template, TemplateSyntaxError
from django.template.base import FilterExpression, Node, TextNode, Variable, VariableNode
from django.template.defaulttags import CommentNode, IfNode, TemplateLiteral
from django.utils.translation import gettext as _


class _FencedEngine(Engine):
    default_builtins: list[str] = []  # Engine's own class attribute, emptied


ENGINE = _FencedEngine(
    loaders=[], autoescape=False, builtins=["egov.channels.notifications.library"], libraries={}
)


class TemplateRefused(ValueError):
    """The template cannot be used: its message says why, in the active language."""


@lru_cache(maxsize=512)
def _compile(text: str) -> Template:
    return ENGINE.from_string(text)


def _check_variable(var: object, allowed: frozenset[str]) -> None:
    if not isinstance(var, Variable) or var.lookups is None:
        return  # a literal: "text" or a number
    name = ".".join(var.lookups)
    if len(var.lookups) != 1 or name not in allowed:
        raise TemplateRefused(
            _("Unknown variable “%(name)s”. Use only: %(allowed)s.")
            % {"name": name, "allowed": ", ".join(sorted(allowed))}
        )


def _check_expression(expression: FilterExpression, allowed: frozenset[str]) -> None:
    _check_variable(expression.var, allowed)
    for _function, arguments in expression.filters:
        for _is_lookup, argument in arguments:
            _check_variable(argument, allowed)


def _check_condition(condition: object, allowed: frozenset[str]) -> None:
    if isinstance(condition, TemplateLiteral):
        _check_expression(condition.value, allowed)  # type: ignore[arg-type]
        return
    for part in (getattr(condition, "first", None), getattr(condition, "second", None)):
        if part is not None:
            _check_condition(part, allowed)


def _check_nodes(nodes: Iterable[Node], allowed: frozenset[str]) -> None:
    for node in nodes:
        if isinstance(node, TextNode | CommentNode):
            continue
        if isinstance(node, VariableNode):
            _check_expression(node.filter_expression, allowed)
        elif isinstance(node, IfNode):
            for condition, nodelist in node.conditions_nodelists:
                if condition is not None:
                    _check_condition(condition, allowed)
                _check_nodes(nodelist, allowed)
        else:
            raise TemplateRefused(_("Only {{ variable }} and {% if %} may be used in a notification."))


def check(text: str, variables: Iterable[str]) -> Template:
    """The compiled template, or TemplateRefused saying what is wrong with it."""
    try:
        template = _compile(text)
    except TemplateSyntaxError as exc:
        raise TemplateRefused(_("The template cannot be read: %(error)s") % {"error": exc}) from exc
    _check_nodes(template.nodelist, frozenset(variables))
    return template


def render(text: str, values: Mapping[str, str]) -> str:
    """Render `text` with `values` (strings only), after the same checks as at save."""
    template = check(text, values.keys())
    return template.render(Context({key: str(value) for key, value in values.items()}, autoescape=False))
