"""The notification templates' screens: who sees and who changes them, the preview, the SMS limit at save,
reset to the shipped text, every change audited, and a broken template falling back at send time."""

from __future__ import annotations

import pytest
from django.urls import reverse

from egov.channels.notifications import compose
from egov.channels.notifications.events import default_texts, sample_values
from egov.channels.notifications.models import NotificationTemplate
from egov.core.models import AuditEntry
from tests.conftest import PERSONAS

VIEWERS = {"province_admin", "justice_admin"}
EDITORS = {"province_admin"}
SMS_URL = reverse("core:notification_template", args=["receive", "sms"])


def _world() -> tuple:
    rows = NotificationTemplate.objects.order_by("event", "channel").values_list(
        "event", "channel", "subject", "body"
    )
    return list(rows), AuditEntry.objects.count()


@pytest.fixture
def changed(cast):
    """An administrator's SMS text for "result ready", so reset has something to reset."""
    from egov.backoffice.notifications import services

    return services.save_template(
        actor=cast.province_admin.user, event="result_ready", channel="sms", subject="", body="KQ {{ code }}"
    )


SCREENS = {
    # name: (url, who gets 200 on GET, who may POST)
    "list": (reverse("core:notification_templates"), VIEWERS, set()),
    "edit": (SMS_URL, VIEWERS, EDITORS),
    "reset": (reverse("core:notification_template_reset", args=["result_ready", "sms"]), EDITORS, EDITORS),
}


@pytest.mark.parametrize("persona", [None, *PERSONAS])
@pytest.mark.parametrize("screen", sorted(SCREENS))
def test_access(cast, client, login, changed, screen, persona):
    url, readers, writers = SCREENS[screen]
    if persona:
        login(getattr(cast, persona))
    before = _world()

    response = client.get(url)
    if persona is None:
        assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))
    else:
        assert response.status_code == (200 if persona in readers else 403)
    assert _world() == before, "a GET changed something"

    response = client.post(url, {"action": "save", "body": "Hồ sơ {{ code }} đã nhận."})
    if persona is None:
        assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))
    elif persona in writers:
        assert response.status_code == 302
        assert _world() != before, "the editor's POST did nothing"
        return
    else:
        assert response.status_code in {403, 405}
        if persona in readers and screen == "list":
            assert response.status_code == 405
    assert _world() == before, "a refused POST changed something"


def test_saving_keeps_the_text_and_audits_it(cast, client, login):
    login(cast.province_admin)
    response = client.post(SMS_URL, {"action": "save", "body": "Đã nhận hồ sơ {{ code }}, hẹn {{ due }}."})
    assert response.status_code == 302
    row = NotificationTemplate.objects.get(event="receive", channel="sms")
    assert (
        row.body == "Đã nhận hồ sơ {{ code }}, hẹn {{ due }}." and row.edited_by == cast.province_admin.user
    )
    entry = AuditEntry.objects.get(action="notification_template.update")
    assert entry.after["body"] == row.body and entry.actor_id == cast.province_admin.user.pk


def test_preview_renders_the_sample_dossier_without_saving_and_counts_segments(cast, client, login):
    login(cast.province_admin)
    before = _world()
    page = client.post(SMS_URL, {"action": "preview", "body": "Ho so {{ code }} da nhan."}).content.decode()
    code = sample_values("receive")["code"]
    assert f"Ho so {code} da nhan." in page
    assert "(GSM-7): 1" in page  # no marks: the 7-bit alphabet, one segment
    page = client.post(SMS_URL, {"action": "preview", "body": "Hồ sơ {{ code }} đã nhận."}).content.decode()
    assert "(UCS-2): 1" in page
    assert _world() == before


def test_an_sms_longer_than_the_maximum_segments_is_refused_in_vietnamese(cast, client, login, settings):
    settings.EGOV_SMS_MAX_SEGMENTS = 2
    login(cast.province_admin)
    before = _world()
    long_text = "Hồ sơ {{ code }} " + "đã được tiếp nhận " * 8
    page = client.post(SMS_URL, {"action": "save", "body": long_text}).content.decode()
    assert "tối đa 2" in page  # "…; at most 2 are allowed" in the Vietnamese catalogue
    assert _world() == before


def test_an_unknown_variable_is_refused_at_save(cast, client, login):
    login(cast.province_admin)
    page = client.post(SMS_URL, {"action": "save", "body": "{{ code }} {{ password }}"}).content.decode()
    assert "password" in page and "Biến" in page
    assert not NotificationTemplate.objects.exists()


def test_reset_puts_the_shipped_text_back_and_audits_it(cast, client, login, changed):
    login(cast.province_admin)
    url = reverse("core:notification_template_reset", args=["result_ready", "sms"])
    assert client.post(url).status_code == 302
    assert not NotificationTemplate.objects.exists()
    entry = AuditEntry.objects.get(action="notification_template.reset")
    assert entry.before["body"] == "KQ {{ code }}"
    page = client.get(reverse("core:notification_template", args=["result_ready", "sms"])).content.decode()
    assert default_texts("result_ready").sms.replace("{{ code }}", "").split()[0] in page


def test_a_template_that_fails_at_send_time_falls_back_and_is_reported(cast, changed, client, login):
    # Saved before a variable was withdrawn, or edited in the database: it no longer passes the checks.
    NotificationTemplate.objects.filter(pk=changed.pk).update(body="{{ code }} {{ withdrawn }}")
    values = sample_values("result_ready")
    text = compose.texts("result_ready", values, {"sms"})["sms"]
    assert text == compose.sandbox.render(default_texts("result_ready").sms, values)
    changed.refresh_from_db()
    assert changed.failed_at is not None and "withdrawn" in changed.failure
    login(cast.province_admin)
    assert (
        "template-failure"
        in client.get(reverse("core:notification_template", args=["result_ready", "sms"])).content.decode()
    )


def test_an_unknown_event_is_404(cast, client, login):
    login(cast.province_admin)
    assert client.get(reverse("core:notification_template", args=["nothing", "sms"])).status_code == 404
    assert client.get(reverse("core:notification_template", args=["receive", "fax"])).status_code == 404
