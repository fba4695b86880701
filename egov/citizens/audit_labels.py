"""The names of the citizens' audit actions, registered with the audit screens (`CitizensConfig.ready`)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

LABELS = {
    "citizen.register": _("Citizen account registered"),
    "citizen.create": _("Citizen account created by set-up"),
    "citizen.code_sent.email": _("Verification code sent by email"),
    "citizen.code_sent.phone": _("Verification code sent by SMS"),
    "citizen.verified.email": _("Citizen's email verified"),
    "citizen.verified.phone": _("Citizen's phone verified"),
    "citizen.reset_requested": _("Citizen asked to reset the password"),
    "citizen.password_reset": _("Citizen's password reset"),
    "citizen.password_change": _("Citizen's password changed"),
    "citizen.profile": _("Citizen's profile changed"),
    "citizen.identity_login": _("Logged in with the e-identity provider"),
    "citizen.identity_linked": _("E-identity linked to a citizen account"),
    "citizen.identity_register": _("Citizen account created by the e-identity provider"),
    "organisation.create": _("Organisation registered"),
    "organisation.add_member": _("Organisation member added"),
    "organisation.remove_member": _("Organisation member removed"),
    "citizen.notification_choices": _("Citizen's notification channels changed"),
}
