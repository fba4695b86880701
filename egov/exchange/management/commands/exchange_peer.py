"""`manage.py exchange_peer ORGAN_ID NAME ENDPOINT PEM_FILE`: add or change a peer of the exchange (the
administrators' Django admin does the same)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from cryptography import x509
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import URLValidator

from egov.exchange.models import Peer


class Command(BaseCommand):
    help = "Add or change a peer of the exchange: its identifier, name, endpoint and certificate (PEM)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("organ_id")
        parser.add_argument("name")
        parser.add_argument("endpoint")
        parser.add_argument("pem_file", help="its signing certificate, or the root of the CA that issues it")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            URLValidator(schemes=["http", "https"])(options["endpoint"])
            pem = Path(options["pem_file"]).read_text()
            x509.load_pem_x509_certificate(pem.encode())
        except (OSError, ValueError, ValidationError) as exc:
            raise CommandError(f"exchange_peer: {exc}") from None
        peer, created = Peer.objects.update_or_create(
            organ_id=options["organ_id"],
            defaults={
                "name": options["name"],
                "endpoint": options["endpoint"],
                "trust_pem": pem,
                "is_active": True,
            },
        )
        self.stdout.write(f"exchange_peer: {'added' if created else 'changed'} {peer}")
