"""What each audit action is called on screen: people read "Đăng nhập", never the code "login".

The audit log stores a short code per entry (`AuditEntry.action`, e.g. "staff.roles", "dossier.forward").
`label_of(code)` gives its name in the reader's language. The codes of the platform's own screens are
listed here; an app whose codes come from data registers them (`register`), as `dossiers` does for its
moves (one label per row of the transition table). A code nobody named is shown as "Other change", so a
raw code never reaches a page.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

Label = str | Promise

LABELS: dict[str, Label] = {
    "login": _("Signed in"),
    "logout": _("Signed out"),
    "login.failed": _("Failed sign-in"),
    "login.locked_out": _("Sign-in locked after repeated failures"),
    "agency.create": _("Agency created"),
    "agency.update": _("Agency changed"),
    "staff.create": _("Staff member added"),
    "staff.update": _("Staff member changed"),
    "staff.roles": _("Roles changed"),
    "staff.password": _("Password changed"),
    "organizations.certificate.import": _("Agency signing certificate imported"),
    "organizations.certificate.stop": _("Agency signing certificate withdrawn"),
    "calendar.create": _("Calendar day added"),
    "calendar.update": _("Calendar day changed"),
    "calendar.delete": _("Calendar day removed"),
    "calendar.sync.create": _("National calendar day added"),
    "calendar.sync.update": _("National calendar day changed"),
    "calendar.sync.delete": _("National calendar day removed"),
    "procedure.create": _("Procedure created"),
    "procedure.update": _("Procedure changed"),
    "procedure.publish": _("Procedure published"),
    "procedure_group.save": _("Linked procedure group saved"),
    "procedure.unpublish": _("Procedure withdrawn from publication"),
    "procedure.documents": _("Required papers of a procedure changed"),
    "procedure.fees": _("Fees of a procedure changed"),
    "procedure_field.create": _("Field of procedures added"),
    "procedure_field.update": _("Field of procedures changed"),
    "workflow.draft": _("Workflow draft created"),
    "workflow.steps": _("Workflow steps changed"),
    "workflow.publish": _("Workflow published"),
    "workflow.discard": _("Workflow draft discarded"),
    "form.draft": _("Online form draft created"),
    "form.schema": _("Online form changed"),
    "form.publish": _("Online form published"),
    "form.discard": _("Online form draft discarded"),
    "demo.build": _("Demo data built"),
    "demo.reset": _("Demo data reset"),
    "notification_template.update": _("Notification template changed"),
    "notification_template.reset": _("Notification template reset to the shipped text"),
}


def register(labels: Mapping[str, Label]) -> None:
    """Name more action codes (an app calls this from its `AppConfig.ready`)."""
    LABELS.update(labels)


def label_of(code: str) -> str:
    """The action's name in the active language; "Other change" for a code nobody named."""
    label = LABELS.get(code)
    return str(label) if label is not None else gettext("Other change")


def choices() -> list[tuple[str, str]]:
    """(code, name) of every named action, by name: the audit screen's filter."""
    return sorted(((code, str(label)) for code, label in LABELS.items()), key=lambda c: c[1])
