"""Demo data: a few record files of commune An Bình for this year, kept by its specialist, with the demo's
documents linked through the services (found by the document search, so the links are what a clerk would
find), one of them closed."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext as _

from egov.documents import search
from egov.documents.selectors import office_of
from egov.records import services
from egov.records.models import RecordEntry, RecordFile

FILES = (
    ("01.VP", "I. Văn phòng", "Hồ sơ về công tác chuyển đổi số năm {y}", 10, "chuyển đổi số", False),
    ("02.VP", "I. Văn phòng", "Hồ sơ về cải cách hành chính năm {y}", None, "cải cách hành chính", True),
    ("03.VP", "I. Văn phòng", "Hồ sơ về tiếp công dân năm {y}", 5, "tiếp công dân", False),
)


def build() -> int:
    users = get_user_model().objects
    clerk = users.filter(username="demo.vanthu").first()
    keeper = users.filter(username="demo.chuyenvien").first()
    if clerk is None or keeper is None:
        return 0
    agency = office_of(clerk)
    if agency is None:
        return 0
    year = timezone.localdate().year
    made = 0
    for code, heading, title, years, words, close in FILES:
        line = services.FileLine(
            year=year,
            code=code,
            heading=heading,
            title=title.format(y=year),
            keeper=keeper,
            retention_years=years,
        )
        record_file = services.create_file(actor=clerk, agency=agency, line=line)
        found = search.search(clerk, search.Criteria(text=words), limit=6).documents
        for doc in found:
            services.add_document(actor=clerk, record_file=record_file, document=doc)
        if close and found:
            services.close_file(actor=clerk, record_file=record_file)
        made += 1
    return made


def _register() -> None:
    from egov.demo.builders import DemoBuilder, DemoContext, register

    @register
    class RecordsDemo(DemoBuilder):
        """`manage.py demo`: commune An Bình's file list with a few files."""

        name = "records"
        order = 450  # after the documents (400)

        def is_built(self, ctx: DemoContext) -> bool:
            return RecordFile.objects.exists()

        def build(self, ctx: DemoContext) -> None:
            ctx.say(_("Record files: %(n)d files in commune An Bình's list.") % {"n": build()})

        def reset(self, ctx: DemoContext) -> None:
            RecordEntry.objects.all().delete()
            RecordFile.objects.all().delete()


_register()
