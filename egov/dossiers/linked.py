"""The inter-agency order inside a linked bundle (Decree 63/2024/NĐ-CP as amended by Decree 301/2026/NĐ-CP):
a part that needs an earlier part's result is held until that result exists, then released to its own
counter, through the transition table like every move.

- A held part is an online submission (status "submitted") with no acceptance limit and no alert: its
  counter cannot accept it or ask for it to be completed yet (`NOT_HELD` on those rows).
- When a part's result is ready (status "result ready", granted), the moves that bring it there name
  `released_by` as a follow-up: the transition service then takes the `release_linked` move on every part
  held for it, in the same transaction, acting as `BundleRelease` (permissions.linked_release).
- Releasing opens the part's limits and alerts its counter from that moment (Decree 301/2026 art. 5, new
  art. 7.4 of Decree 63: the next agency answers within 2 working hours of receiving the data; here the
  rule set's online limits apply) and adds the earlier part's result files to its papers ("kết quả … là
  thành phần hồ sơ của thủ tục khác trong nhóm sẽ được hệ thống tự động chia sẻ", art. 3.2 of 301 → art.
  4.3 of 63).
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from egov.core import statements
from egov.dossiers import online
from egov.dossiers.bundle_models import BundlePart
from egov.dossiers.models import Attachment, Dossier, Outcome, Status
from egov.dossiers.moves import Change, Guard


class BundleRelease:
    """The bundle acting on its own waiting part: not a user, holding no role. History rows show the
    earlier part's code as the reason the part moved on."""

    pk = None
    is_authenticated = True
    is_superuser = False
    is_active = True

    def __init__(self, waiting: Dossier, earlier: Dossier) -> None:
        self.releases = waiting.pk
        self.name = str(_("Linked filing: result of %(code)s") % {"code": earlier.code})

    def get_full_name(self) -> str:
        return self.name


def part_of(dossier: Dossier) -> BundlePart | None:
    """The part of a linked filing the dossier is, if any. Built once per process: every dossier page and
    most moves (the guards below) ask it."""
    return statements.select_one(_part_of, dossier.pk)


def part_read(pk: int) -> statements.Read:
    """The read of `part_of` for the dossier `pk`, for `statements.ahead`."""
    return statements.Read(_part_of, (pk,))


def _part_of(pk: int) -> QuerySet[BundlePart]:
    return BundlePart.objects.select_related("bundle__group").filter(dossier_id=pk)[:1]  # `first()`


def is_held(d: Dossier) -> bool:
    part = part_of(d)
    return part is not None and part.is_held


def earlier_part(part: BundlePart) -> BundlePart | None:
    if part.waits_for is None:
        return None
    return (
        BundlePart.objects.select_related("dossier")
        .filter(bundle_id=part.bundle_id, position=part.waits_for)
        .first()
    )


def has_result(d: Dossier) -> bool:
    """A granted result exists: ready at the counter or already returned."""
    return d.status in (Status.RESOLVED, Status.RETURNED) and d.outcome == Outcome.GRANTED


def _earlier_has_result(d: Dossier) -> bool:
    part = part_of(d)
    earlier = earlier_part(part) if part is not None else None
    return earlier is not None and has_result(earlier.dossier)


NOT_HELD = Guard(
    lambda d: not is_held(d),
    _("This part of a linked filing waits for the result of an earlier part; it reaches you with it."),
)
IS_HELD = Guard(is_held, _("This dossier is not waiting for another part of a linked filing."))
EARLIER_HAS_RESULT = Guard(_earlier_has_result, _("The earlier part of the linked filing has no result yet."))


def release(c: Change) -> None:
    """The held part goes to its counter's queue now, with the earlier part's results among its papers."""
    d, now = c.d, c.request.now
    part = BundlePart.objects.select_for_update().get(dossier_id=d.pk)
    earlier = earlier_part(part)
    assert earlier is not None
    part.released_at = now
    part.save(update_fields=["released_at"])
    online.open_limits(d, now)
    online.alert_counter(d, now)
    shared = []
    for result in earlier.dossier.attachments.filter(kind=Attachment.Kind.RESULT).order_by(
        "uploaded_at", "id"
    ):
        # The stored file is shared, never copied or overwritten; the row says where it came from.
        Attachment.objects.create(
            dossier=d,
            kind=Attachment.Kind.PAPER,
            name=f"{earlier.dossier.code} · {result.name}"[:255],
            file=result.file.name,
            size=result.size,
            sha256=result.sha256,
            content_type=result.content_type,
            uploaded_at=now,
            document_code=result.document_code,
        )
        shared.append(result.name)
    c.data.update({"earlier": earlier.dossier.code, "shared_results": shared})


def released_by(d: Dossier) -> list[tuple[int, str, BundleRelease]]:
    """The follow-up moves a part's result brings: release every part held for it."""
    if not has_result(d):
        return []
    part = part_of(d)
    if part is None:
        return []
    waiting = BundlePart.objects.select_related("dossier").filter(
        bundle_id=part.bundle_id,
        waits_for=part.position,
        released_at__isnull=True,
        dossier__status=Status.SUBMITTED,
    )
    return [
        (w.dossier_id, "release_linked", BundleRelease(w.dossier, d)) for w in waiting.order_by("position")
    ]
