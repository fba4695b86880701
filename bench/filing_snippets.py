"""The code bench/filing_http.py runs inside egov (`manage.py shell -c`) and inside the reference kit: make
the citizens and their drafts, and check every accepted file afterwards. Each prints one line, "FILEBENCH"
followed by its answer in JSON."""

# Run inside egov (manage.py shell): make the citizens if missing and `counts[i]` ready drafts for each.
DRAFTS_SNIPPET = r"""
import json, os
from django.contrib.auth import get_user_model
from egov.citizens import services as accounts
from egov.filing import journey, selectors, services
from egov.procedures.models import Procedure
counts = json.loads(os.environ["FILEBENCH_COUNTS"])
procedure = Procedure.objects.get(code=os.environ["FILEBENCH_PROCEDURE"])
lines = [d for d in procedure.documents.order_by("sort_order", "id") if d.required][:2]
assert len(lines) == 2, "the procedure needs two required papers"
counter = selectors.receiving_counters(procedure)[0]
User = get_user_model()
out = {"lines": [line.pk for line in lines], "citizens": {}}
for i, count in enumerate(counts, start=1):
    username = f"bench.congdan.{i:02d}"
    email = f"bench{i:02d}@bench.example"
    user = User.objects.filter(username=username).first() or accounts.create_citizen(
        actor=None, username=username, full_name=f"Nguyễn Văn Thử {i}",
        password=os.environ["FILEBENCH_PASSWORD"], email=email, id_number=f"0010900{i:05d}",
        address="Xã An Bình", verified=True,
    )
    drafts = []
    for _ in range(count):
        d = services.start(actor=user, procedure=procedure)
        d = services.save_who(actor=user, draft=d, organisation=None)
        d = services.save_applicant(actor=user, draft=d, applicant={"phone": "0912345678"})
        for step in journey.steps_of(d):
            if step.specs:
                answers = {"nguoi_yeu_cau": [{"ho_ten": user.full_name, "so_dinh_danh": f"0010900{i:05d}",
                           "noi_cu_tru": {"detail": "Thôn Đông Hòa"}, "dien_thoai": "0912345678",
                           "email": email}], "noi_kham_ban_dau": "Trạm y tế xã An Bình"}
                d = services.save_answers(actor=user, draft=d, step=step.key,
                                          answers={k: v for k, v in answers.items() if k in
                                                   {s["name"] for s in step.specs}})
        d = services.choose_agency(actor=user, draft=d, agency=counter)
        drafts.append(d.pk)
    out["citizens"][email] = drafts
print("FILEBENCH" + json.dumps(out))
"""

# Run inside egov: every file uploaded for the given drafts, and every attachment of the dossiers they became.
EGOV_CHECK_SNIPPET = r"""
import hashlib, json, os
from egov.dossiers import files as filestore
from egov.dossiers.models import Attachment
from egov.filing.models import Draft, DraftPaper
ids = json.loads(open(os.environ["FILEBENCH_IDS"]).read())
template = open(os.environ["FILEBENCH_PDF"], "rb").read()
at = template.index(b"BENCH") + 5
storage = filestore.storage()
result = {"files": 0, "missing": [], "bad": [], "dossiers": 0}
def check(kind, pk, path, recorded, draft_id):
    result["files"] += 1
    if not path or not storage.exists(path):
        result["missing"].append([kind, pk]); return
    with storage.open(path, "rb") as handle:
        data = handle.read()
    number = data[at:at + 16]
    expected = template[:at] + number + template[at + 16:]
    digest = hashlib.sha256(data).hexdigest()
    if not number.isdigit() or int(number) // 10 != draft_id or data != expected or digest != recorded:
        result["bad"].append([kind, pk])
for start in range(0, len(ids), 500):
    chunk = ids[start:start + 500]
    for p in DraftPaper.objects.filter(draft_id__in=chunk, stored_paper__isnull=True):
        check("draftpaper", p.pk, p.file.name, p.sha256, p.draft_id)
    drafts = dict(Draft.objects.filter(pk__in=chunk, dossier__isnull=False).values_list("dossier_id", "pk"))
    result["dossiers"] += len(drafts)
    for a in Attachment.objects.filter(dossier_id__in=list(drafts)):
        check("attachment", a.pk, a.file.name, a.sha256, drafts[a.dossier_id])
print("FILEBENCH" + json.dumps(result))
"""

# Run in the reference kit: every Attachment row's file, against what was sent.
REFERENCE_CHECK_SNIPPET = r"""
import hashlib, json, os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchproj.settings")
import django
django.setup()
from django.conf import settings
from lookup.models import Attachment, Submission
template = open(os.environ["FILEBENCH_PDF"], "rb").read()
at = template.index(b"BENCH") + 5
result = {"files": 0, "missing": [], "bad": [], "dossiers": Submission.objects.count()}
for a in Attachment.objects.all():
    result["files"] += 1
    try:
        with open(os.path.join(settings.MEDIA_ROOT, a.file.name), "rb") as handle:
            data = handle.read()
    except OSError:
        result["missing"].append(["attachment", a.pk]); continue
    number = data[at:at + 16]
    if not number.isdigit() or data != template[:at] + number + template[at + 16:] or a.size != len(data):
        result["bad"].append(["attachment", a.pk])
print("FILEBENCH" + json.dumps(result))
"""

REFERENCE_RESET_SNIPPET = r"""
import os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchproj.settings")
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from lookup.models import Submission
Submission.objects.all().delete()
"""

# The first open draft of each of the first N bench citizens: the page their CSRF token is read from.
SIGN_IN_SNIPPET = r"""
import json
from egov.filing.models import Draft
out = {}
for i in range(1, %d + 1):
    d = Draft.objects.filter(owner__username=f"bench.congdan.{i:02d}", submitted_at__isnull=True)
    d = d.order_by("-pk").first()
    out[d.owner.email] = d.pk
print("FILEBENCH" + json.dumps(out))
"""

# Run inside egov before the API's runs: the last dossier so far (the check looks at those made after it) and
# the filing every API request sends: the demo procedure at its first receiving counter, valid answers.
API_SETUP_SNIPPET = r"""
import json
from egov.dossiers.models import Dossier
from egov.filing import selectors
from egov.procedures import addresses
from egov.procedures.models import Procedure
procedure = Procedure.objects.get(code="1.014137")
counter = selectors.receiving_counters(procedure)[0]
province = addresses.provinces()[0][0]
ward = addresses.wards(province)[0][0]
last = Dossier.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
filing = {"procedure": procedure.code, "agency": counter.code, "applicant": {"phone": "0912345678"},
          "answers": {"nguoi_yeu_cau": [{"ho_ten": "Nguyễn Văn Thử", "so_dinh_danh": "001090000001",
                      "noi_cu_tru": {"province": province, "ward": ward, "detail": "Thôn Đông Hòa"},
                      "dien_thoai": "0912345678", "email": ""}], "noi_kham_ban_dau": "Trạm y tế xã An Bình"}}
print("FILEBENCH" + json.dumps({"since": last, "filing": filing}))
"""

# Run inside egov: every attachment of the dossiers the API made (bench citizens', no draft, after `since`):
# present, its SHA-256 as recorded, its bytes a numbered copy of the template, each number once, and file 1 on
# the first line, file 2 on the second.
API_CHECK_SNIPPET = r"""
import hashlib, json, os
from egov.dossiers import files as filestore
from egov.dossiers.models import Attachment, Dossier
template = open(os.environ["FILEBENCH_PDF"], "rb").read()
lines = json.loads(os.environ["FILEBENCH_LINES"])
at = template.index(b"BENCH") + 5
storage = filestore.storage()
made = Dossier.objects.filter(pk__gt=int(os.environ["FILEBENCH_SINCE"]),
                              owner__username__startswith="bench.congdan.", draft__isnull=True)
result = {"files": 0, "missing": [], "bad": [], "dossiers": made.count()}
seen = set()
rows = Attachment.objects.filter(dossier__in=made).select_related("filed_for")
for a in rows.iterator():
    result["files"] += 1
    if not a.file.name or not storage.exists(a.file.name):
        result["missing"].append(["attachment", a.pk]); continue
    with storage.open(a.file.name, "rb") as handle:
        data = handle.read()
    number = data[at:at + 16]
    line = lines.index(a.filed_for.requirement_id) + 1 if a.filed_for.requirement_id in lines else 0
    if (not number.isdigit() or number in seen or int(number) % 10 != line
            or data != template[:at] + number + template[at + 16:]
            or hashlib.sha256(data).hexdigest() != a.sha256):
        result["bad"].append(["attachment", a.pk])
    seen.add(number)
print("FILEBENCH" + json.dumps(result))
"""
