"""Vietnamese text folding, one function for every index and every query.

"Đăng ký đất đai", "dang ky dat dai" and "ĐĂNG KÝ ĐẤT ĐAI" all fold to
"dang ky dat dai". đ/Đ are mapped by hand: Unicode decomposition leaves them
alone, and SQLite FTS5's remove_diacritics does too (docs/performance.md).
"""

from __future__ import annotations

import re
import unicodedata

_D = str.maketrans({"đ": "d", "Đ": "d"})
_SPACE = re.compile(r"\s+")


def fold(text: str) -> str:
    """Lower-case, strip marks (đ→d included) and collapse whitespace."""
    decomposed = unicodedata.normalize("NFD", text.translate(_D))
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return _SPACE.sub(" ", stripped).strip().lower()
