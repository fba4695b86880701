"""The main menu marks one entry as the current page's: the longest address the page's path starts with."""

from __future__ import annotations

from django.urls import reverse

from egov.backoffice.navigation import menu_for


def test_one_entry_is_current_the_longest_match(cast):
    user = cast.desk_officer.user
    receive = reverse("dossiers:receive")
    active = [e["url"] for e in menu_for(user, receive) if e["active"]]
    assert active == [receive]  # not also "Dossiers" at the shorter /ho-so/
    queue = reverse("dossiers:queue", args=["to_process"])
    assert [e["url"] for e in menu_for(user, queue) if e["active"]] == [reverse("dossiers:queues")]
    assert [e["url"] for e in menu_for(user, "/") if e["active"]] == ["/"]
    assert not [e for e in menu_for(user, "/khong-co/") if e["active"]]
