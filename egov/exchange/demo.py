"""Demo: commune An Bình and the Department of Justice exchange a document through the exchange, both ends
in this one deployment (each is the other's peer at this deployment's own endpoint, EGOV_PUBLIC_URL, which
the outbox serves in process through the same receiving code as a POST from another deployment). The
justice clerk registers it, its leader assigns it, its unit completes it, and the commune's page shows
each status. Two deployments exchanging over HTTP are shown by tests/exchange/test_two_deployments.py."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from egov.channels import outbox
from egov.channels.models import OutboxMessage
from egov.core.audit import SystemActor
from egov.documents import demo as documents_demo
from egov.documents import outgoing, services
from egov.documents.models import Document
from egov.exchange import delivery, dispatch, statuses
from egov.exchange.models import Message, Peer
from egov.organizations import certificates
from egov.organizations.models import Agency
from egov.organizations.roles import Role

SENDER, RECEIVER = "Ủy ban nhân dân xã An Bình", "Sở Tư pháp"
SUMMARY = "V/v phối hợp rà soát hồ sơ chứng thực (gửi qua trục liên thông)"


def _peers(agencies: list[Agency]) -> None:
    anchor = (certificates.keys_dir() / "demo-ca.pem").read_text()
    for agency in agencies:
        Peer.objects.update_or_create(
            organ_id=agency.code,
            defaults={
                "name": f"{agency.name} (liên thông)",
                "endpoint": delivery.own_endpoint(),
                "trust_pem": anchor,
                "is_active": True,
            },
        )


def build(now: dt.datetime | None = None) -> int:
    """The exchanged document and its statuses; how many status messages the sender received."""
    now = now or timezone.now()
    sender = Agency.objects.filter(name=SENDER).first()
    receiver = Agency.objects.filter(name=RECEIVER).first()
    if sender is None or receiver is None or not (certificates.keys_dir() / "demo-ca.pem").exists():
        return 0
    _peers([sender, receiver])
    clerk, leader = documents_demo._first(sender, Role.CLERK), documents_demo._first(sender, Role.LEADER)
    drafter = documents_demo._drafter(sender)
    their_clerk, their_leader = (
        documents_demo._first(receiver, Role.CLERK),
        documents_demo._first(receiver, Role.LEADER),
    )
    if None in (clerk, leader, drafter, their_clerk, their_leader):
        return 0
    system = SystemActor("exchange")
    at = now - dt.timedelta(days=2)
    draft = outgoing.Draft(doc_type="CV", summary=SUMMARY, external=[f"{RECEIVER} (liên thông)"])
    doc = outgoing.create_draft(
        actor=drafter, agency=sender, draft=draft, main=documents_demo.upload("cong-van.pdf"), now=at
    )
    doc = outgoing.send_for_review(doc, actor=drafter, approver=leader, now=at)
    doc = outgoing.approve(doc, actor=leader, now=at)
    doc = outgoing.sign(
        doc, actor=leader, key=documents_demo.Signers(now).key(leader), position="Chủ tịch", now=at
    )
    doc = outgoing.issue(doc, actor=clerk, now=at)
    dispatch.dispatch(actor=system, now=at)
    # Only the exchange's messages: the demo's emails and SMS stay queued for the outbox screen.
    outbox.deliver_due(topic="exchange")  # the package, then the acknowledgement
    outbox.deliver_due(topic="exchange")
    copy = Document.objects.filter(direction="incoming", agency=receiver, summary=SUMMARY).first()
    if copy is None:
        return 0
    services.register(copy, actor=their_clerk)
    instruction = services.Instruction(text="Giao Phòng Hành chính tư pháp chủ trì", lead_unit=receiver)
    services.instruct(copy, actor=their_leader, instruction=instruction)
    statuses.sync(actor=system)
    outbox.deliver_due(topic="exchange")
    return Message.objects.filter(direction="in", kind="status", document=doc).count()


def _register() -> None:
    from egov.demo.builders import DemoBuilder, DemoContext, register

    @register
    class ExchangeDemo(DemoBuilder):
        """`manage.py demo`: two demo agencies exchange a document through the exchange."""

        name = "exchange"
        order = 450  # after the documents (400)

        def is_built(self, ctx: DemoContext) -> bool:
            return Message.objects.exists()

        def build(self, ctx: DemoContext) -> None:
            told = build()
            ctx.say(
                _("Exchange: a document sent from An Bình to the Department of Justice, %(n)s statuses back.")
                % {"n": told}
            )

        def reset(self, ctx: DemoContext) -> None:
            OutboxMessage.objects.filter(topic="exchange").delete()
            Message.objects.filter(answers__isnull=False).delete()
            Message.objects.all().delete()
            Peer.objects.all().delete()


_register()
