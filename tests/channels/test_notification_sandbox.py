"""Notification templates are rendered by a fenced template engine: only the event's variables, `if` and a
few filters; every shipped text renders and fits the SMS limit (egov.channels.notifications)."""

from __future__ import annotations

import pytest
from django.utils import translation

from egov.channels import segments
from egov.channels.notifications import sandbox
from egov.channels.notifications.events import EVENTS, VARIABLES, default_texts, sample_values

VALUES = {"code": "H99-1", "reason": "thiếu giấy"}


def test_variables_and_if_render_as_plain_text():
    text = "Hồ sơ {{ code }}{% if reason %}: {{ reason|upper }}{% endif %} <b>"
    assert sandbox.render(text, VALUES) == "Hồ sơ H99-1: THIẾU GIẤY <b>"  # never HTML-escaped


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("{{ secret }}", "Unknown variable"),
        ("{{ code.upper }}", "Unknown variable"),  # no attribute lookups
        ("{{ code|default:settings }}", "Unknown variable"),
        ("{% if code.__class__ %}x{% endif %}", "cannot be read"),
        ("{% if secret %}x{% endif %}", "Unknown variable"),
        ("{% load static %}", "cannot be read"),
        ("{% debug %}", "cannot be read"),
        ("{% include '/etc/passwd' %}", "cannot be read"),
        ("{{ code|safe }}", "cannot be read"),
        ("{% for c in code %}{{ c }}{% endfor %}", "cannot be read"),
        ("{% if %}x{% endif %}", "cannot be read"),
    ],
)
def test_anything_but_the_given_strings_is_refused(text, says):
    with translation.override("en"), pytest.raises(sandbox.TemplateRefused) as refused:
        sandbox.check(text, VALUES)
    assert says in str(refused.value)


@pytest.mark.parametrize("event", sorted(EVENTS))
def test_every_shipped_text_renders_with_its_variables_and_fits_three_segments(event):
    values = sample_values(event)
    assert set(values) == set(EVENTS[event].variables) and set(values) <= set(VARIABLES)
    shipped = default_texts(event)
    for text in (shipped.email_subject, shipped.email_body, shipped.sms):
        assert "{{" not in sandbox.render(text, values)
    assert values["code"] in sandbox.render(shipped.sms, values)
    assert segments.count_segments(sandbox.render(shipped.sms, values)).segments <= 3
