"""The only tags and filters a notification template may use (egov.channels.notifications.sandbox)."""

from __future__ import annotations

from django.template import Library, defaultfilters, defaulttags

register = Library()
register.tag("if", defaulttags.do_if)
register.tag("comment", defaulttags.comment)
for name in ("default", "upper", "lower", "capfirst", "truncatechars"):
    register.filter(name, getattr(defaultfilters, name))
