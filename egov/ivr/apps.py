"""The automated telephone line: VoiceXML 2.1 documents for a VoiceXML browser, speaking the public
look-up's answer (egov.dossiers.lookup) in Vietnamese with audio rendered by espeak-ng (docs/lookup.md)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IvrConfig(AppConfig):
    name = "egov.ivr"
    verbose_name = _("Telephone line")
