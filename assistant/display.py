"""Plan text made safe to show: no terminal escapes, control characters or bidi overrides.

A plan is untrusted text. Printed raw, "\\x1b[2K\\r9999 tấn" erases the line a terminal shows and
writes another figure; on a page, U+202E (right-to-left override) shows "tấn 0066" backwards
as "6600 nât". `display_text` removes them for showing only: citations keep their offsets
into the original text, which is stored and returned unchanged (`--json`, `batch`).
"""
from __future__ import annotations

import json
import re

# ESC-introduced sequences: CSI (ESC [ ... final), OSC (ESC ] ... BEL or ESC \\), and the
# two-character ones (ESC c, ESC 7 ...); the 8-bit CSI/OSC introducers U+009B/U+009D likewise.
_ESCAPES = re.compile(r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]"
                      r"|(?:\x1b\]|\x9d)[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
                      r"|\x1b[ -/]*[0-~]?")
# Bidirectional controls: embeddings, overrides, isolates and marks (Unicode TR9).
BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
# C0 controls but tab and newline (a carriage return rewrites the line), DEL, C1 controls.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f" + BIDI + "]")


def display_text(s: str) -> str:
    """`s` without escape sequences, control characters (tab and newline kept) and bidi controls."""
    return _CONTROLS.sub("", _ESCAPES.sub("", s or ""))


def safe_json(obj, **kwargs) -> str:
    """json.dumps with non-ASCII kept readable, but every control and bidi character written
    as a \\u escape: the same data once parsed, nothing a terminal or viewer acts on."""
    text = json.dumps(obj, ensure_ascii=False, **kwargs)
    return re.sub("[\x7f-\x9f" + BIDI + "]", lambda m: f"\\u{ord(m.group(0)):04x}", text)
