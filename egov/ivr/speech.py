"""Prompts as audio files: espeak-ng's Vietnamese voice renders a text once into a WAV named by the hash of
the voice and the text, so the same prompt is rendered once and served from the file ever after.

A text that cannot be rendered (espeak-ng missing or failing) gives None: the document then carries the
text alone, and the VoiceXML browser's own speech synthesiser says it.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import shutil
import subprocess
from pathlib import Path

from django.conf import settings

log = logging.getLogger(__name__)
NAME = re.compile(r"[0-9a-f]{64}")


def name_of(text: str) -> str:
    return hashlib.sha256(f"{settings.EGOV_IVR_VOICE}\0{text}".encode()).hexdigest()


def path_of(name: str) -> Path | None:
    """The file of a rendered prompt, or None when the name is not one or nothing was rendered under it."""
    if not NAME.fullmatch(name):
        return None
    path = Path(settings.EGOV_IVR_AUDIO_DIR) / f"{name}.wav"
    return path if path.is_file() else None


def render(text: str) -> str | None:
    """The name of the WAV file saying `text`, rendered now unless it already exists; None if it cannot be."""
    name = name_of(text)
    folder = Path(settings.EGOV_IVR_AUDIO_DIR)
    path = folder / f"{name}.wav"
    if path.is_file():
        return name
    program = shutil.which(settings.EGOV_IVR_ESPEAK)
    if program is None:
        log.warning("ivr: %s not found, prompts are sent as text only", settings.EGOV_IVR_ESPEAK)
        return None
    folder.mkdir(parents=True, exist_ok=True)
    # Written aside and renamed, so a concurrent request never serves a half-written file.
    partial = folder / f"{name}.{os.getpid()}.part"
    try:
        subprocess.run(
            [program, "-v", settings.EGOV_IVR_VOICE, "-s", "150", "-w", str(partial), "--stdin"],
            input=text.encode(),
            check=True,
            capture_output=True,
            timeout=20,
        )
        os.replace(partial, path)
    except (OSError, subprocess.SubprocessError) as error:
        log.warning("ivr: cannot render a prompt: %s", error)
        partial.unlink(missing_ok=True)
        return None
    return name
