"""Demo data of the linked group filed once online (development only; never needed in production): the demo
citizen `demo.congdan` files the birth group (KS-TT-BHYT of the demo catalogue) through the same services
as the pages (egov.filing.group_services and group_submission), so "My dossiers" shows one bundle whose
parts wait at their agencies.

Each part's online form is answered with plain sample values from its schema; each required paper gets a
small demo PDF.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from egov.citizens.demo import USERNAME, demo_citizen
from egov.filing import group_journey, group_services, group_submission
from egov.filing.group_models import GroupDraft
from egov.procedures.models import ProcedureGroup

GROUP = "KS-TT-BHYT"


def _sample(spec: dict[str, Any], profile: dict[str, str]) -> Any:
    """A plain answer of the right shape for one field of a form schema (egov.procedures.formschema)."""
    kind = spec.get("type")
    if kind == "group":
        return [{f["name"]: _sample(f, profile) for f in spec.get("fields", [])}]
    if kind == "date":
        return (timezone.localdate() - dt.timedelta(days=10)).isoformat()
    if kind == "cccd":
        return profile.get("id_number", "")
    if kind in ("number", "integer", "decimal"):
        return "1"
    if kind in ("select", "radio") and spec.get("choices"):
        return str(spec["choices"][0][0])
    if kind == "checkbox":
        return False
    if kind == "address":
        return {"detail": profile.get("address", "")}
    if "phone" in str(spec.get("name", "")) or "dien_thoai" in str(spec.get("name", "")):
        return profile.get("phone", "")
    return profile.get("name", "") if "ten" in str(spec.get("name", "")) else "Dữ liệu demo"


def build() -> GroupDraft | None:
    """The demo citizen's birth group, filed once; None without the group, the citizen or a counter."""
    from egov.portal.demo import result_pdf

    citizen = demo_citizen()
    group = ProcedureGroup.objects.filter(code=GROUP).first()
    if citizen is None or group is None:
        return None
    counters = group_submission.group_counters(group)
    if not counters:
        return None
    draft = group_services.start(actor=citizen, group=group)
    draft = group_services.save_applicant(actor=citizen, draft=draft, applicant=draft.applicant)
    if group_journey.has_choice(group_journey.parts_of(draft)):
        draft = group_services.choose_parts(actor=citizen, draft=draft, optional=[])
    for step in group_journey.steps_of(draft):
        position = group_journey.form_step_position(step.key)
        if position is not None:
            answers = {spec["name"]: _sample(spec, draft.applicant) for spec in step.specs}
            draft = group_services.save_answers(
                actor=citizen, draft=draft, position=position, step=step.key, answers=answers
            )
        elif step.key.startswith("fees-"):
            # Filed in time: none of the cases that change a fee is the demo citizen's.
            draft = group_services.save_fee_cases(
                actor=citizen, draft=draft, position=int(step.key.removeprefix("fees-")), chosen=[]
            )
    for number, line in enumerate(group_journey.paper_lines(group_journey.chosen_parts(draft)), start=1):
        if line.required:
            upload = result_pdf(f"{GROUP}-{number}")
            upload.name = f"giay-to-{number}.pdf"
            group_services.add_upload(actor=citizen, draft=draft, key=line.key, upload=upload)
        draft = group_services.papers_done(actor=citizen, draft=draft, key=line.key)
    draft = group_services.choose_agency(actor=citizen, draft=draft, agency=counters[0])
    group_submission.submit(actor=citizen, draft=draft)
    return GroupDraft.objects.select_related("bundle").get(pk=draft.pk)


def _register() -> None:
    from egov.demo.builders import DemoBuilder, DemoContext, register

    @register
    class GroupFilingDemo(DemoBuilder):
        """`manage.py demo`: one birth group filed online by `demo.congdan`."""

        name = "group-filing"
        order = 330  # after the portal's demo citizen dossiers (320)

        def is_built(self, ctx: DemoContext) -> bool:
            return GroupDraft.objects.filter(owner__username=USERNAME, bundle__isnull=False).exists()

        def build(self, ctx: DemoContext) -> None:
            draft = build()
            if draft is None or draft.bundle is None:
                ctx.say(_("Linked filing: no demo citizen, birth group or counter; nothing filed."))
                return
            ctx.say(
                _("Linked filing: %(username)s filed the birth group once (%(reference)s).")
                % {"username": USERNAME, "reference": draft.bundle.reference}
            )

        def reset(self, ctx: DemoContext) -> None:
            # Before the dossiers' reset (which runs after this one): a bundle protects its parts' dossiers.
            from egov.dossiers.bundle_models import DossierBundle

            GroupDraft.objects.all().delete()
            DossierBundle.objects.all().delete()


_register()
