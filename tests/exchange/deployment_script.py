"""One side of the two-deployment test (test_two_deployments.py), run in that deployment's environment:
`python deployment_script.py <step> <json>`; prints its findings as JSON on its last line.

Steps: `setup` (the agency, its people and certificate, the other side as a peer), `issue` (a document
signed and issued to the other side's agency), `handle` (the clerk registers, the leader assigns, the unit
completes the document that arrived), `report` (what each side sees)."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from tests.scratch import start_child

start_child()

from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from pypdf import PdfWriter  # noqa: E402

from egov.core import signing  # noqa: E402
from egov.core.audit import SystemActor  # noqa: E402
from egov.documents import outgoing, services  # noqa: E402
from egov.documents.models import Document  # noqa: E402
from egov.exchange.models import Message, Peer  # noqa: E402
from egov.organizations import certificates  # noqa: E402
from egov.organizations.models import Agency, AgencyKind, Role, Staff  # noqa: E402
from tests.factories import make_agency, make_staff  # noqa: E402

PASSWORD = "mat-khau-p12"


def pdf() -> SimpleUploadedFile:
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    out = io.BytesIO()
    writer.write(out)
    return SimpleUploadedFile("quyet-dinh.pdf", out.getvalue(), content_type="application/pdf")


def staff(username: str) -> Staff:
    return Staff.objects.select_related("user").get(user__username=username)


def setup(a: dict) -> dict:
    province = make_agency(a["province"], AgencyKind.PROVINCE, code=a["province_code"])
    agency = make_agency(a["name"], AgencyKind.DEPARTMENT, province, code=a["code"], short_name=a["short"])
    make_staff("vanthu", agency, (Role.CLERK,), "Văn Thư")
    make_staff("lanhdao", agency, (Role.LEADER,), "Lãnh Đạo")
    make_staff("chuyenvien", agency, (Role.SPECIALIST,), "Chuyên Viên")
    certificates.import_certificate(
        actor=SystemActor("test"), agency=agency, data=Path(a["p12"]).read_bytes(), password=PASSWORD
    )
    Peer.objects.create(
        organ_id=a["peer_code"],
        name=a["peer_name"],
        endpoint=a["peer_endpoint"],
        trust_pem=Path(a["root"]).read_text(),
    )
    return {"agency": agency.pk}


def issue(a: dict) -> dict:
    agency = Agency.objects.get(code=a["code"])
    draft = outgoing.Draft(doc_type="QĐ", summary=a["summary"], external=[a["peer_name"]])
    doc = outgoing.create_draft(actor=staff("chuyenvien").user, agency=agency, draft=draft, main=pdf())
    doc = outgoing.send_for_review(doc, actor=staff("chuyenvien").user, approver=staff("lanhdao").user)
    doc = outgoing.approve(doc, actor=staff("lanhdao").user)
    key = signing.load_pkcs12(Path(a["signer_p12"]).read_bytes(), PASSWORD.encode())
    doc = outgoing.sign(doc, actor=staff("lanhdao").user, key=key, position="Giám đốc")
    doc = outgoing.issue(doc, actor=staff("vanthu").user)
    return {"document": doc.pk, "number": doc.number_symbol}


def handle(a: dict) -> dict:
    doc = Document.objects.get(direction="incoming", summary=a["summary"])
    arrived = {"status": doc.status, "number": doc.number_symbol, "signatures": doc.files.get().signatures}
    clerk, leader = staff("vanthu").user, staff("lanhdao").user
    services.register(doc, actor=clerk)
    services.instruct(
        doc, actor=leader, instruction=services.Instruction(text="Giao xử lý", lead_unit=doc.agency)
    )
    services.complete(doc, actor=leader, result="Đã thực hiện xong")
    return {"arrived": arrived, "document": doc.pk}


def report(a: dict) -> dict:
    doc = Document.objects.filter(summary=a["summary"]).first()
    if doc is None:
        return {"document": None}
    recipients = [(r.name, r.exchange_status) for r in doc.recipients.all()]
    statuses = list(
        Message.objects.filter(direction="in", kind="status", document=doc)
        .order_by("id")
        .values_list("status_code", "description")
    )
    return {"document": doc.pk, "status": doc.status, "recipients": recipients, "statuses": statuses}


STEPS = {"setup": setup, "issue": issue, "handle": handle, "report": report}

if __name__ == "__main__":
    print(json.dumps(STEPS[sys.argv[1]](json.loads(sys.argv[2]))))
