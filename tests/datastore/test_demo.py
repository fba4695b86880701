"""The demo's part: a demo CA labelled as such, and demo.congdan's store with a signed result, built with the
real services over the test province."""

from __future__ import annotations

from egov.core import signing
from egov.datastore.demo import CITIZEN, StoreDemo
from egov.datastore.models import StoredPaper
from egov.demo.builders import DemoContext
from egov.organizations import demo_ca
from egov.organizations.models import AgencyCertificate
from egov.procedures.models import Procedure, RequiredDocument


def test_the_demo_signs_the_citizens_result_with_a_labelled_demo_ca(cast, flows, settings):
    # Each procedure asks for two papers online; the identity paper is read from the database, never a file.
    for procedure in Procedure.objects.all():
        database = RequiredDocument.Online.DATABASE
        RequiredDocument.objects.create(procedure=procedure, name="Giấy tờ tùy thân", online=database)
        for order, name in enumerate(("Giấy chứng sinh", "Văn bản ủy quyền"), start=1):
            RequiredDocument.objects.create(procedure=procedure, name=name, sort_order=order)
    builder = StoreDemo()
    ctx = DemoContext(seed=1, write=lambda _: None)
    assert not builder.is_built(ctx)
    builder.build(ctx)
    assert builder.is_built(ctx)
    # Every People's Committee and department has a certificate, and its issuer says it is a demo.
    signed_by = set(AgencyCertificate.objects.values_list("agency__name", flat=True))
    assert {"UBND tỉnh Hòa Bình Xanh", "Sở Tư pháp", "UBND xã An Bình"} <= signed_by
    assert all("không có giá trị pháp lý" in c.issuer for c in AgencyCertificate.objects.all())
    root = (settings.EGOV_KEYS_DIR / "demo-ca.pem").read_bytes()

    store = StoredPaper.objects.filter(owner__username=CITIZEN)
    papers = store.filter(kind=StoredPaper.Kind.PAPER)
    assert papers.count() == 4 and not papers.filter(name__startswith="Giấy tờ tùy thân").exists()
    [result] = store.filter(kind=StoredPaper.Kind.RESULT)
    with result.attachment.file.open("rb") as handle:
        [report] = signing.validate_pdf(handle.read(), [root])
    assert report.ok and "Sở Tư pháp" in report.signer

    builder.reset(ctx)
    assert not demo_ca.demo_certificates() and not StoredPaper.objects.exists()
