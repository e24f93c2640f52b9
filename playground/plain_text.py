"""Text a user typed (a file name, a CSV column name, a study name), shown by an element that
reads Markdown (st.markdown, st.caption, st.error, a progress bar's text): escaped so it shows
as typed, on one line, and never becomes a link, an image, HTML, a colour directive or maths."""

from __future__ import annotations

import re

# CommonMark's backslash escapes cover every ASCII punctuation character. Escaped: what makes
# links and images ([ ], and the :// of a bare address), HTML and autolinks (< >, &), code and
# emphasis, tables, maths ($) and Streamlit's directives (:red[...] needs its [).
_ACTIVE = re.compile(r"([\\`*_\[\]<>$~|&])")


def markdown_literal(text, limit: int = 300) -> str:
    """``text`` as Markdown that renders it as it is (cut to ``limit`` characters)."""
    text = "".join(c if c.isprintable() else " " for c in str(text))
    if len(text) > limit:
        text = text[:limit - 1] + "…"
    return _ACTIVE.sub(r"\\\1", text).replace("://", ":\\/\\/")
