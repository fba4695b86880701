"""The citizen's payment pages, the gateways' callback, and the return from the gateway. Thin: the services
decide, the templates say it in plain Vietnamese."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from egov.accounts.client_ip import client_ip
from egov.citizens.access import citizen_required
from egov.payments import bundle_payments, confirmation, permissions, selectors, services
from egov.payments.gateways import registry as gateways
from egov.payments.gateways.base import InvalidSignature, Malformed
from egov.payments.models import Payment


def _messages(error: ValidationError | PermissionDenied) -> list[str]:
    if isinstance(error, ValidationError):
        return list(error.messages)
    return [str(error) or _("You may not do this.")]


def _return_url(request: HttpRequest, gateway: gateways.Gateway) -> str:
    path = reverse("payments:return", args=[gateway.name])
    return f"{settings.EGOV_PUBLIC_URL}{path}" if gateway.absolute_return else path


@citizen_required
@require_http_methods(["GET", "POST"])
def pay(request: HttpRequest, dossier_pk: int) -> HttpResponse:
    """The dossier's unpaid fees; choose a payment method and go to the gateway."""
    dossier = get_object_or_404(
        permissions.payable_dossiers(request.user).select_related("procedure"), pk=dossier_pk
    )
    options = gateways.enabled()
    errors: list[str] = []
    if request.method == "POST":
        name = request.POST.get("gateway", "")
        try:
            gateway = gateways.get(name)
            _payment, url = services.start_payment(
                actor=request.user,  # type: ignore[arg-type]
                dossier=dossier,
                gateway=gateway.name,
                return_url=_return_url(request, gateway),
                client_ip=client_ip(request) or "",
            )
            return redirect(url)
        except gateways.UnknownGateway:
            errors.append(_("Choose a payment method from the list."))
        except (ValidationError, PermissionDenied) as error:
            errors.extend(_messages(error))
    unpaid = list(selectors.unpaid_fees(dossier))
    context = {
        "dossier": dossier,
        "unpaid": unpaid,
        "total": sum(f.amount for f in unpaid),
        "paid": dossier.fees.filter(paid_at__isnull=False),
        "payments": selectors.payments_of(dossier)[:10],
        "gateways": options,
        "errors": errors,
    }
    return render(request, "payments/pay.html", context, status=400 if errors else 200)


@citizen_required
def payment_return(request: HttpRequest, gateway: str) -> HttpResponse:
    """Where the gateway sends the citizen back. It shows what is stored: only the callback credits."""
    try:
        result = gateways.get(gateway).verify_return(request.GET)
    except gateways.UnknownGateway:
        raise Http404 from None
    except (InvalidSignature, Malformed):
        return render(request, "payments/return.html", {"unverified": True}, status=400)
    payment = selectors.payment_for(request.user, result.reference)
    if payment is None:
        raise Http404
    expired = payment.state in services.OPEN and payment.expires_at < timezone.now()
    context = {
        "payment": payment,
        "dossier": payment.dossier,
        "bank_says_paid": result.paid,
        "expired": expired,
        "states": Payment.State,
        # A linked filing's one payment names the filing and is tried again for the whole of it.
        "paid_for": payment.bundle.reference if payment.bundle else payment.dossier.code,
        "again_url": reverse("payments:pay_bundle", args=[payment.bundle.reference])
        if payment.bundle
        else reverse("payments:pay", args=[payment.dossier_id]),
    }
    return render(request, "payments/return.html", context)


@csrf_exempt
@require_http_methods(["GET", "POST"])
def callback(request: HttpRequest, gateway: str) -> HttpResponse:
    """The gateway's server-to-server notice (VNPAY's IPN URL); answered in the gateway's words."""
    try:
        gw = gateways.get(gateway)
    except gateways.UnknownGateway:
        raise Http404 from None
    params = request.GET if request.method == "GET" else request.POST
    return gw.acknowledge(services.receive_callback(gw.name, params.dict()))


@citizen_required
def receipt_pdf(request: HttpRequest, reference: str) -> HttpResponse:
    """The same confirmation as a PDF."""
    payment = selectors.payment_for(request.user, reference)
    if payment is None or payment.state != Payment.State.PAID:
        raise Http404
    response = HttpResponse(confirmation.render(payment), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="xac-nhan-thanh-toan-{payment.reference}.pdf"'
    return response


@citizen_required
def receipt(request: HttpRequest, reference: str) -> HttpResponse:
    """The confirmation of one paid attempt, to print or keep."""
    payment = selectors.payment_for(request.user, reference)
    if payment is None or payment.state != Payment.State.PAID:
        raise Http404
    fees = payment.dossier.fees.filter(pk__in=payment.fee_ids)
    return render(
        request, "payments/receipt.html", {"payment": payment, "dossier": payment.dossier, "fees": fees}
    )


@citizen_required
@require_http_methods(["GET", "POST"])
def pay_bundle(request: HttpRequest, reference: str) -> HttpResponse:
    """A linked filing's fees, every part's together: choose a payment method and pay them at once."""
    bundle = get_object_or_404(
        bundle_payments.payable_bundles(request.user).select_related("group"), reference=reference
    )
    errors: list[str] = []
    if request.method == "POST":
        try:
            gateway = gateways.get(request.POST.get("gateway", ""))
            _payment, url = bundle_payments.start_bundle_payment(
                actor=request.user,  # type: ignore[arg-type]
                bundle=bundle,
                gateway=gateway.name,
                return_url=_return_url(request, gateway),
                client_ip=client_ip(request) or "",
            )
            return redirect(url)
        except gateways.UnknownGateway:
            errors.append(_("Choose a payment method from the list."))
        except (ValidationError, PermissionDenied) as error:
            errors.extend(_messages(error))
    unpaid = list(bundle_payments.unpaid_fees(bundle).select_related("dossier__procedure"))
    context = {
        "bundle": bundle,
        "unpaid": unpaid,
        "total": sum(f.amount for f in unpaid),
        "payments": bundle.payments.all()[:10],
        "gateways": gateways.enabled(),
        "errors": errors,
    }
    return render(request, "payments/pay_bundle.html", context, status=400 if errors else 200)
