"""Where a workflow step happens for a dossier received at a given agency: the one rule every caller uses
(the dossier's pointer, the holders who may act, the dossier code's competent agency, the paper forward,
the publication check).

A step that names no agency happens at the receiving agency. A step that names an agency happens there,
unless it is marked `local_unit`: then it happens at that agency's unit serving the commune where the
dossier was received (the descendant whose `admin_unit_code` is the receiving agency's own or its nearest
ancestor's), or at the named agency itself when it has no such unit. So one shared workflow sends a
commune's dossier to that commune's police station (Decree 118/2025 art. 20.2: each body's task).
"""

from __future__ import annotations

from egov.organizations.models import Agency
from egov.procedures import catalogue_version
from egov.procedures.models import WorkflowStep


def unit_code_of(agency: Agency) -> str:
    """The administrative unit code of `agency` or of its nearest ancestor that has one ("" if none)."""
    if agency.admin_unit_code:
        return agency.admin_unit_code
    # Kept per process under the catalogue's token, which every agency's save replaces: a receipt and
    # every move to a step of a commune's unit ask it.
    return catalogue_version.kept(("places.unit_code_of", agency.pk, agency.path), lambda: _unit_code(agency))


def _unit_code(agency: Agency) -> str:
    ancestor = (
        Agency.objects.filter(path__in=agency.ancestor_paths())
        .exclude(admin_unit_code="")
        .order_by("-depth")
        .first()
    )
    return ancestor.admin_unit_code if ancestor is not None else ""


def local_unit(agency: Agency, receiving: Agency) -> Agency:
    """The unit of `agency` serving the commune where `receiving` is, or `agency` itself."""
    code = unit_code_of(receiving)
    if not code or code == agency.admin_unit_code:
        return agency
    # Kept per process under the catalogue's token: one instance shared by every caller (read, never changed).
    key = ("places.local_unit", agency.pk, agency.path, code)
    unit = catalogue_version.kept(key, lambda: _local_unit(agency, code))
    return unit if unit is not None else agency


def _local_unit(agency: Agency, code: str) -> Agency | None:
    return (
        Agency.objects.filter(path__startswith=agency.path, admin_unit_code=code, is_active=True)
        .exclude(pk=agency.pk)
        .order_by("depth", "path")
        .first()
    )


def step_place(step: WorkflowStep, receiving: Agency) -> Agency:
    """Where `step` happens for a dossier received at `receiving`."""
    if step.agency is None:
        return receiving
    if step.local_unit:
        return local_unit(step.agency, receiving)
    return step.agency
