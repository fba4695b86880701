"""Who may read and who may change the procedure catalogue: the one place that decides.

A procedure is shared: every commune carries out the same birth registration, with the same national
code, name, papers, fees and online form. So everything about a procedure itself — its code, name,
fields, agencies, papers, fees, online form and publication, the list of fields (lĩnh vực), import and
export — is changed only by a province administrator. An agency administrator reads the procedures its
agencies carry out and changes one thing: its own agency's workflow template (drafts, steps,
publication) for a procedure that agency carries out. The default workflow (no agency) is the
province's.

Built on `egov.organizations.permissions`; this module imports no model (procedures are reached through
their `agencies` relation), so the models' querysets call it without an import cycle.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils.translation import gettext as _

from egov.organizations.permissions import ADMIN_ROLES, Node, Role, agency_scope_q, has_role

#: Roles that open the catalogue's administration screens (to read, and the workflow of their agency).
READER_ROLES = ADMIN_ROLES
#: The one role that changes what procedures share.
EDITOR_ROLES = (Role.PROVINCE_ADMIN,)
#: The role that changes its own agency's workflow template.
WORKFLOW_ROLES = (Role.AGENCY_ADMIN,)


def may_read_catalogue(user: Any) -> bool:
    """Whether the user may open the catalogue's administration screens at all."""
    return has_role(user, READER_ROLES)


def may_edit_catalogue(user: Any) -> bool:
    """Whether the user may change what procedures share (and fields, import, export)."""
    return has_role(user, EDITOR_ROLES)


def readable_q(user: Any) -> Q:
    """A filter on procedures: all for a province administrator; for an agency administrator, those
    carried out by an agency in the subtree they administer; nothing for anyone else."""
    if may_edit_catalogue(user):
        return Q()
    return agency_scope_q(user, "agencies__path", roles=WORKFLOW_ROLES)


def may_edit_workflow(user: Any, procedure: Any, agency: Node | None) -> bool:
    """The default template (no agency) is the province's; an agency's own template is editable by an
    administrator of that agency when the procedure is carried out there."""
    if may_edit_catalogue(user):
        return True
    if agency is None or not has_role(user, WORKFLOW_ROLES, agency):
        return False
    return bool(procedure.pk) and procedure.agencies.filter(pk=getattr(agency, "pk", None)).exists()


def workflow_agencies(user: Any, procedure: Any) -> list[Any]:
    """The agencies carrying out `procedure` whose own workflow the user may draft."""
    agencies = procedure.agencies.filter(is_active=True).order_by("path")
    return [agency for agency in agencies if may_edit_workflow(user, procedure, agency)]


def require_reader(user: Any) -> None:
    if not may_read_catalogue(user):
        raise PermissionDenied(_("Only an administrator may open the procedure catalogue."))


def require_editor(actor: Any) -> None:
    if not may_edit_catalogue(actor):
        raise PermissionDenied(
            _(
                "Only a province administrator may change a procedure: "
                "every agency that carries it out shares it."
            )
        )


def require_workflow_editor(actor: Any, procedure: Any, agency: Node | None) -> None:
    if not may_edit_workflow(actor, procedure, agency):
        raise PermissionDenied(_("You may not change this workflow."))
