"""The rating card the counter prints for an applicant without an account, as a PDF (egov.core.pdf)."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from egov.core.pdf import qr_svg, render
from egov.dossiers.models import Dossier
from egov.feedback import criteria, links

TEMPLATE = Path(__file__).resolve().parent / "pdf" / "rating_card.typ"


def rating_card_pdf(d: Dossier) -> bytes:
    """The card of a returned dossier: its one-time rating link as a QR code, and the contents to tick
    on paper (the counter records a card handed back, `services.rate(..., on_paper=True)`)."""
    link = links.rating_link(d.pk)
    used = criteria.criteria_for(timezone.localdate(d.returned_at or timezone.now()))
    with translation.override(settings.LANGUAGE_CODE):
        data = {
            "agency": d.receiving_agency.name,
            "title": _("Rating card"),
            "dossier_line": _("Dossier: %(code)s") % {"code": d.code},
            "procedure_line": _("Procedure: %(name)s") % {"name": d.procedure.name},
            "scan": _(
                "Scan the code or open the address below to rate the handling of your dossier. "
                "The link works once."
            ),
            "link": link,
            "paper": _("Or tick one level for each content and hand the card back at the counter."),
            "content_heading": _("Content"),
            "levels": [str(level.label) for level in reversed(criteria.Level)],
            "criteria": [str(c.label) for c in used.criteria],
            "comment_label": _("Other comments:"),
            "source": _(
                "Contents rated: Decree 118/2025/NĐ-CP, art. 33.1. Your answers are kept confidential."
            ),
        }
    return render(TEMPLATE, data, files={"qr": qr_svg(link)})
