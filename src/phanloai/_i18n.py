"""Language switch and the error type every part of the package raises.

Vietnamese is the default language; ``set_language("en")`` turns every label, title and
message the library produces into English.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

_LANGUAGES = ("vi", "en")
_state = {"lang": "vi"}


class PhanloaiError(ValueError):
    """A problem with the user's input, told in Vietnamese first, then English.

    ``err.vi`` and ``err.en`` hold the two texts; ``str(err)`` follows the current language
    (in Vietnamese mode both are shown, Vietnamese first).
    """

    def __init__(self, vi: str, en: str):
        self.vi = vi
        self.en = en
        super().__init__(vi, en)

    def __str__(self) -> str:
        if _state["lang"] == "en":
            return self.en
        return f"{self.vi}\n(English: {self.en})"


def set_language(lang: str) -> None:
    """Choose the language of labels and messages: ``"vi"`` (default) or ``"en"``."""
    if lang not in _LANGUAGES:
        raise PhanloaiError(
            f"Ngôn ngữ không hỗ trợ: {lang!r}. Chọn 'vi' hoặc 'en'.",
            f"Unsupported language: {lang!r}. Choose 'vi' or 'en'.",
        )
    _state["lang"] = lang


def get_language() -> str:
    """The current language code, ``"vi"`` or ``"en"``."""
    return _state["lang"]


def tr(vi: str, en: str) -> str:
    """Pick the text for the current language."""
    return en if _state["lang"] == "en" else vi


@contextmanager
def language(lang: str) -> Iterator[None]:
    """Labels and messages in ``lang`` inside the ``with`` block only (like pandas' ``option_context``).

    >>> import phanloai
    >>> with phanloai.language("en"):
    ...     phanloai.SCHEMES["ladder"].labels()[0]
    'Suspect'
    """
    before = _state["lang"]
    set_language(lang)
    try:
        yield
    finally:
        _state["lang"] = before
