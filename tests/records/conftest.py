"""The documents tests' two agencies and signing set-up, reused for record files."""

from tests.documents.conftest import _signing, agency_certificates, ca, office  # noqa: F401
