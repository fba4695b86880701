"""Record an agency's signing certificate (a PKCS#12 file), or list the recorded ones.

    manage.py import_agency_certificate H26.00070 /secure/an-binh.p12 --password-env EGOV_P12_AN_BINH
    manage.py import_agency_certificate H26.00070 /secure/an-binh.p12     # asked, kept encrypted
    manage.py import_agency_certificate --list
    manage.py import_agency_certificate --stop 12                                  # id from --list

The agency is named by its electronic identifier (code). See docs/signatures.md.
"""

from __future__ import annotations

import getpass
import os
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from egov.core.audit import SystemActor
from egov.organizations import certificates
from egov.organizations.models import Agency, AgencyCertificate


class Command(BaseCommand):
    help = "Record an agency's PKCS#12 signing certificate, or --list the recorded certificates."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("agency", nargs="?", help="the agency's electronic identifier (its code)")
        parser.add_argument("file", nargs="?", help="the PKCS#12 (.p12/.pfx) file")
        parser.add_argument(
            "--password-env",
            default="",
            help="an EGOV_* environment variable that holds the password, read at every signature "
            "(it must be set for the server and workers too); without it the password is asked here, "
            "or read from that variable now, and kept encrypted",
        )
        parser.add_argument(
            "--keep-path",
            action="store_true",
            help="leave the file where it is and record its path, instead of copying it into EGOV_KEYS_DIR",
        )
        parser.add_argument("--list", action="store_true", help="list the recorded certificates")
        parser.add_argument(
            "--stop", type=int, metavar="ID", help="stop signing with the certificate of this id (see --list)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["list"]:
            self._list()
            return
        if options["stop"] is not None:
            cert = AgencyCertificate.objects.filter(pk=options["stop"]).first()
            if cert is None:
                raise CommandError(f"No certificate has the id {options['stop']}.")
            certificates.stop(cert, actor=SystemActor("import_agency_certificate"))
            self.stdout.write(f"Stopped: {cert.agency.name}, {cert.subject}.")
            return
        if not options["agency"] or not options["file"]:
            raise CommandError("Give the agency's identifier and the PKCS#12 file, or --list.")
        agency = Agency.objects.filter(code=options["agency"]).first()
        if agency is None:
            raise CommandError(f"No agency has the identifier {options['agency']!r}.")
        path = Path(options["file"])
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc}") from None
        env_name = options["password_env"]
        if env_name:
            if env_name not in os.environ:
                raise CommandError(f"{env_name} is not set in this environment.")
            password = os.environ[env_name]
        else:
            password = getpass.getpass("PKCS#12 password: ")
        try:
            cert = certificates.import_certificate(
                actor=SystemActor("import_agency_certificate"),
                agency=agency,
                data=data,
                password=password,
                password_env=env_name,
                keep_path=path if options["keep_path"] else None,
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        self.stdout.write(
            f"Recorded for {agency.name}: {cert.subject}, valid until {cert.not_after:%Y-%m-%d}."
        )

    def _list(self) -> None:
        now = timezone.now()
        rows = AgencyCertificate.objects.select_related("agency")
        if not rows:
            self.stdout.write("No certificate is recorded.")
        for c in rows:
            state = "active" if c.is_active and c.not_before <= now < c.not_after else "not in use"
            self.stdout.write(
                f"{c.pk}\t{c.agency.code or '-'}\t{c.agency.name}\t{c.subject}\tissuer: {c.issuer}"
                f"\tserial {c.serial}\t{c.not_before:%Y-%m-%d} → {c.not_after:%Y-%m-%d}\t{state}\t{c.path}"
            )
