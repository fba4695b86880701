"""The dossier page, its moves, its files, and receiving a dossier at the counter."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from egov.accounts.http import AuthedRequest
from egov.core import statements
from egov.core.forms import apply_error
from egov.dossiers import (
    bundles,
    deadlines,
    intake,
    linked,
    permissions,
    results,
    selectors,
    services,
    slipbuild,
)
from egov.dossiers import counter as counter_reads
from egov.dossiers import papers as papers_of
from egov.dossiers.forms import ActionForm, ReceiveForm
from egov.dossiers.models import Attachment, Dossier, DossierFee
from egov.dossiers.transitions import TABLE, Transition
from egov.organizations.permissions import grant_reads


def _dossier(request: AuthedRequest, pk: int) -> Dossier:
    try:
        return selectors.dossier_for(request.user, pk)
    except Dossier.DoesNotExist:
        raise Http404 from None


def _handlers(dossier: Dossier, t: Transition) -> list[Any]:
    return t.handlers(dossier) if t.handlers is not None else []


def _forms(dossier: Dossier, user: Any) -> list[tuple[Transition, ActionForm, Any]]:
    """Each move the person may take now, with its form and where it sends the dossier."""
    return [
        (
            t,
            ActionForm(
                transition=t, dossier=dossier, handlers=_handlers(dossier, t), auto_id=f"id_{t.action}_%s"
            ),
            counter_reads.destination(dossier, t),
        )
        for t in services.available_actions(dossier, user)
    ]


@login_required
def detail(request: AuthedRequest, pk: int) -> HttpResponse:
    # The page's row sets, the dossier's own included, read in one round trip on PostgreSQL; one the page
    # does not ask for (the dossier cannot be read, or it has no forecast now) is dropped. So a dossier the
    # viewer may not read costs its eleven small reads, not two, before the 404: a second round trip for
    # every page shown would cost more than the rare refusal (docs/performance.md).
    with statements.ahead([*grant_reads(request.user), *_page_reads(pk)]):
        dossier = _dossier(request, pk)
        context = _detail_context(request, dossier)
    return render(request, "dossiers/detail.html", context)


def _page_reads(pk: int) -> list[statements.Read]:
    return [
        *selectors.page_reads(pk),
        *papers_of.page_reads(pk),
        linked.part_read(pk),
        statements.children_read(Attachment, "dossier", pk),
        statements.children_read(DossierFee, "dossier", pk),
        statements.reverse_one_read(Dossier, "forecast", pk),
    ]


def _detail_context(request: AuthedRequest, dossier: Dossier) -> dict[str, Any]:
    # Each row set read once and handed to every part of the page that shows it.
    events = selectors.timeline(dossier)
    # Each read by a statement built once per process (egov.core.statements): the page's queries cost more
    # to compile than to run.
    files = statements.children(Attachment, "dossier", dossier)
    if dossier.is_open:  # the forecast is shown for open dossiers only
        statements.reverse_one(dossier, "forecast")
    filed_for = papers_of.filed_for(dossier)
    for a in files:
        a.paper_name = filed_for.get(a.pk, "")
    part = linked.part_of(dossier)
    declared = papers_of.declared(dossier)
    return {
        "dossier": dossier,
        "clock": deadlines.clock(dossier),
        "events": events,
        "visits": selectors.visits(dossier),
        "attachments": files,
        "fees": statements.children(DossierFee, "dossier", dossier),
        "received_papers": papers_of.received_papers(dossier),
        "declared": declared,
        "from_databases": papers_of.read_from_databases(dossier.procedure) if declared else [],
        "slips": slipbuild.available(dossier, events),
        "actions": _forms(dossier, request.user),
        "result_rules": results.staff_view(dossier, timezone.now(), files),
        "bundle_part": part,
        "bundle_others": bundles.others_than(part),
    }


@login_required
@require_POST
def act(request: AuthedRequest, pk: int, action: str) -> HttpResponse:
    dossier = _dossier(request, pk)
    if action not in TABLE:
        raise Http404
    try:
        t = services.check(dossier, action, request.user)
    except services.NotPermitted:
        raise PermissionDenied from None
    except services.TransitionRefused as exc:  # the page was stale: the dossier moved meanwhile
        messages.error(request, exc.message)
        return redirect("dossiers:detail", pk=dossier.pk)
    form = ActionForm(
        request.POST, request.FILES, transition=t, dossier=dossier, handlers=_handlers(dossier, t)
    )
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.transition(
                dossier.pk,
                action,
                actor=request.user,
                expected_version=data["version"],
                idempotency_key=f"{request.user.pk}:{data['idem']}",
                comment=data.get("comment", ""),
                reason=data.get("reason", ""),
                handler=form.handlers.get(data["handler"]) if data.get("handler") else None,
                new_due=data.get("new_due"),
                files=data.get("files") or [],
            )
        except services.NotPermitted:
            raise PermissionDenied from None
        except services.TransitionRefused as exc:
            messages.error(request, exc.message)
            return redirect("dossiers:detail", pk=dossier.pk)
        except ValidationError as exc:
            apply_error(form, exc)
        else:
            messages.success(request, _("Done: %(action)s.") % {"action": t.label})
            return redirect("dossiers:detail", pk=dossier.pk)
    context = _detail_context(request, dossier)
    context["failed"] = (t, form)
    return render(request, "dossiers/detail.html", context, status=400)


@login_required
def attachment(request: AuthedRequest, pk: int) -> FileResponse:
    item = get_object_or_404(Attachment.objects.select_related("dossier"), pk=pk)
    if not Dossier.objects.visible_to(request.user).filter(pk=item.dossier_id).exists():
        raise Http404
    return FileResponse(item.file.open("rb"), as_attachment=True, filename=item.name)


def _counter(request: AuthedRequest, counters: Any) -> Any:
    """The counter the officer works at now: the one chosen on the screen, or their first."""
    chosen = request.POST.get("agency") or request.GET.get("agency")
    picked = counters.filter(pk=chosen).first() if chosen and chosen.isdigit() else None
    return picked or counters.order_by("path").first()


@login_required
@never_cache  # "Back" from the printed receipt must load a fresh form (a new one-time key), not the sent one
def receive(request: AuthedRequest) -> HttpResponse:
    counters = permissions.counters_of(request.user)
    if not counters.exists():
        raise PermissionDenied
    counter = _counter(request, counters)
    procedures = counter_reads.procedures_received_at(counter)
    chosen = request.POST.get("procedure") or request.GET.get("procedure")
    procedure = next((p for p in procedures if chosen and str(p.pk) == chosen), None)
    data = request.POST if request.method == "POST" and ("receive" in request.POST) else None
    form = ReceiveForm(
        data,
        request.FILES or None,
        counters=counters,
        procedures=procedures,
        procedure=procedure,
        initial={"agency": counter},
    )
    if data is not None and form.is_valid():
        c = form.cleaned_data
        fee_ids = {int(i) for i in c.get("fees", [])}
        fees = [(f.name, f.amount) for f in c["procedure"].fees.all() if f.pk in fee_ids]
        try:
            dossier = intake.receive(
                actor=request.user,
                procedure=c["procedure"],
                agency=c["agency"],
                channel=c["channel"],
                applicant=intake.Applicant(
                    name=c["applicant_name"],
                    type=c["applicant_type"],
                    id_number=c["applicant_id_number"],
                    phone=c["applicant_phone"],
                    email=c["applicant_email"],
                    address=c["applicant_address"],
                ),
                summary=c["summary"],
                fees=fees,
                files=c["papers"],
                papers=c.get("received_papers", []),
                comment=c["comment"],
                idempotency_key=f"{request.user.pk}:{c['idem']}",
            )
        except services.TransitionRefused as exc:
            form.add_error(None, exc.message)
        except ValidationError as exc:
            apply_error(form, exc)
        else:
            messages.success(request, _("Dossier %(code)s received.") % {"code": dossier.code})
            if request.POST.get("receive") == "print":
                # "Receive and print": the answer is the receipt slip itself, shown inline for printing.
                return redirect("dossiers:slip", pk=dossier.pk, kind="receipt")
            return redirect("dossiers:detail", pk=dossier.pk)
    return render(
        request,
        "dossiers/receive.html",
        {
            "form": form,
            "procedure": procedure,
            "procedures": procedures,
            "counter": counter,
            "counters": counters,
            # A posted procedure this counter does not receive (or none): say so, not a silent empty page.
            "not_received": data is not None and procedure is None,
            # "Choose" pressed with no procedure chosen: say so, not a silent reload.
            "none_chosen": procedure is None and "procedure" in request.GET and not chosen,
            "guide_url": _guidance_for(form, counter, procedure),
        },
    )


def _guidance_for(form: ReceiveForm, counter: Any, procedure: Any) -> str:
    """Papers missing at the counter (art. 17.1.c): the guidance screen, filled in with what was typed and
    the missing papers, so that the officer prints the supplement request without typing it again."""
    missing = getattr(form, "missing_papers", None)
    if not missing or procedure is None:
        return ""
    fields = ("applicant_name", "applicant_id_number", "applicant_phone", "applicant_address")
    query = {
        "agency": counter.pk,
        "procedure": procedure.pk,
        "items": "\n".join(doc.name for doc in missing),
        **{name: form.data.get(name, "") for name in fields},
    }
    return f"{reverse('dossiers:guidance')}?{urlencode(query)}"
