"""Text normalisation for reading claims, with every character mapped back to the original.

:func:`normalise_text` applies NFKC, removes zero-width and bidirectional control characters,
folds ASCII case and dash styles and converts traditional Chinese characters to simplified ones
(OpenCC ``t2s``, imported on first use) for matching. :class:`Normalised` keeps, for each
character of the folded text, the offset of the original character it came from, so spans found
in the folded text point into the text the user gave.

Examples
--------
>>> n = normalise_text("輝達\u200bH20")
>>> n.text
'辉达h20'
>>> n.span(2, 5)
(3, 6)
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any

import attrs

__all__ = ["Normalised", "normalise_text", "to_simplified"]

# zero-width characters, bidirectional controls, BOM, soft hyphen
_INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
_DASHES = str.maketrans({c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d"})


@attrs.frozen
class Normalised:
    """Folded text and the original offset of each of its characters.

    Attributes
    ----------
    text : str
        The folded text (NFKC, lower-case ASCII, simplified Chinese, plain dashes).
    offsets : tuple of int
        ``offsets[i]`` is the index in the original of the character ``text[i]`` came from;
        one extra entry at the end holds the original's length.
    """

    text: str
    offsets: tuple[int, ...]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original ``(start, end)`` of the folded slice ``text[start:end]``."""
        if end <= start:
            return self.offsets[start], self.offsets[start]
        return self.offsets[start], self.offsets[end - 1] + 1


@lru_cache(maxsize=1)
def _converter() -> Any:
    try:
        import opencc
    except ImportError:  # pragma: no cover - opencc is a dependency; plain text still works
        return None
    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional Chinese characters to simplified, one character for one (OpenCC ``t2s``).

    Where a phrase conversion would change the length, characters are converted one by one so
    offsets stay valid. Text without CJK characters is returned unchanged without loading
    OpenCC.
    """
    if not any("\u3400" <= ch <= "\u9fff" for ch in text):
        return text
    conv = _converter()
    if conv is None:  # pragma: no cover
        return text
    out = str(conv.convert(text))
    if len(out) == len(text):
        return out
    return "".join(c if len(c := str(conv.convert(ch))) == 1 else ch for ch in text)  # pragma: no cover


_RUNS = re.compile(r"[\x00-\x7f]+|[^\x00-\x7f]")


@lru_cache(maxsize=8192)
def _fold(ch: str) -> str:
    """One non-ASCII character folded: NFKC, lower case, invisible characters dropped."""
    if _INVISIBLE.match(ch):
        return ""
    return "".join(low if len(low := c.lower()) == 1 else c
                   for c in unicodedata.normalize("NFKC", ch))


def normalise_text(text: str) -> Normalised:
    """Fold ``text`` for matching and keep the original offset of every character.

    Parameters
    ----------
    text : str
        Any text.

    Returns
    -------
    Normalised
        Folded text (same meaning, matching-friendly) and its offsets into ``text``.
    """
    chars: list[str] = []
    offsets: list[int] = []
    for m in _RUNS.finditer(text):
        run = m.group()
        if run.isascii():  # ASCII runs fold one for one
            chars.append(run.lower())
            offsets.extend(range(m.start(), m.end()))
            continue
        folded = _fold(run)
        chars.append(folded)
        offsets.extend([m.start()] * len(folded))
    offsets.append(len(text))
    joined = "".join(chars).translate(_DASHES)
    return Normalised(to_simplified(joined), tuple(offsets))
