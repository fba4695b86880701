"""The records demo builder: commune An Bình's list with three files, the documents its words find linked,
02.VP closed (egov/records/demo.py)."""

from __future__ import annotations

import pytest

from egov.organizations.models import Role
from egov.records import demo
from egov.records.models import RecordFile
from tests.documents.conftest import received
from tests.factories import make_staff

pytestmark = pytest.mark.django_db


def test_demo_enters_three_files_and_closes_one(office):
    make_staff("demo.vanthu", office.commune, (Role.CLERK,), "Văn Thư Demo")
    make_staff("demo.chuyenvien", office.commune, (Role.SPECIALIST,), "Chuyên Viên Demo")
    received(office, summary="V/v triển khai Kế hoạch chuyển đổi số năm 2026")
    received(office, summary="Kế hoạch cải cách hành chính năm 2026", number_symbol="2/UBND")
    assert demo.build() == 3
    files = {f.code: f for f in RecordFile.objects.all()}
    assert set(files) == {"01.VP", "02.VP", "03.VP"}
    assert files["01.VP"].entries.count() == 1 and files["02.VP"].state == "closed"
    assert files["03.VP"].entries.count() == 0 and files["03.VP"].state == "open"
