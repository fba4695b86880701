"""Render the telephone line's fixed prompts to WAV files ahead of the first call (docs/lookup.md)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from egov.ivr import phrases, speech


class Command(BaseCommand):
    help = (
        "Render the telephone line's fixed prompts with espeak-ng (Vietnamese voice) into EGOV_IVR_AUDIO_DIR."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override("vi"):
            texts = [str(t) for t in phrases.FIXED]
        missing = [t for t in texts if speech.render(t) is None]
        if missing:
            raise CommandError(
                f"{len(missing)} of {len(texts)} prompts could not be rendered: is espeak-ng installed?"
            )
        self.stdout.write(f"{len(texts)} prompts ready.")
