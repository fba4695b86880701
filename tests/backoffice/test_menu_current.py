"""The main menu marks one entry as the current page's: the longest address the page's path starts with."""

from __future__ import annotations

import pytest
from django.urls import reverse

from egov.backoffice.navigation import menu_for
from tests.markup import tags


def test_one_entry_is_current_the_longest_match(cast):
    user = cast.desk_officer.user
    receive = reverse("dossiers:receive")
    active = [e["url"] for e in menu_for(user, receive) if e["active"]]
    assert active == [receive]  # not also "Dossiers" at the shorter /ho-so/
    queue = reverse("dossiers:queue", args=["to_process"])
    assert [e["url"] for e in menu_for(user, queue) if e["active"]] == [reverse("dossiers:queues")]
    assert [e["url"] for e in menu_for(user, "/") if e["active"]] == ["/"]
    assert not [e for e in menu_for(user, "/khong-co/") if e["active"]]


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("persona", ["desk_officer", "province_admin", "clerk"])
def test_the_items_written_in_python_are_the_include_s(cast, language, persona):
    """`menu_html` writes what includes/staff_menu_items.html wrote (kept in tests/backoffice/data), for
    the bar and the folded menu of every staff page."""
    from pathlib import Path

    from django.template import Context, Engine
    from django.utils import translation

    from egov.backoffice.navigation import menu_html

    menu = menu_for(getattr(cast, persona).user, reverse("dossiers:receive"))
    before = (Path(__file__).parent / "data" / "menu_items_before.html").read_text(encoding="utf-8")
    with translation.override(language):
        old = Engine.get_default().from_string(before).render(Context({"menu": menu}))
        new = menu_html(menu)
    assert tags(new) == tags(old)
    assert new.count("<li>") == len(menu) >= 2


def test_the_page_shows_the_menu_twice(cast, login):
    page = login(cast.desk_officer).get(reverse("dossiers:receive")).content.decode()
    assert page.count('aria-current="page">') >= 2 and page.count('<a href="/"') == 2
