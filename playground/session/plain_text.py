"""Text a user typed (a file name, a CSV column name, a study name), shown by an element that
reads Markdown (st.markdown, st.caption, st.error, a progress bar's text): escaped so it shows
as typed, on one line, and never becomes a link, an image, HTML, a colour directive or maths."""

from __future__ import annotations

import re

# CommonMark's backslash escapes cover every ASCII punctuation character. Escaped: what makes
# links and images ([ ], and the :// of a bare address), HTML and autolinks (< >, &), code and
# emphasis, tables, maths ($), e-mail autolinks (@) and Streamlit's directives (:red[...]).
_ACTIVE = re.compile(r"([\\`*_\[\]<>$~|&@])")


# At the start of a line: a heading, a list item, a quote, a code block (leading spaces).
_LEADING = re.compile(r"^(#|[-+=]|\d{1,9}[.)])")


def markdown_literal(text, limit: int = 300) -> str:
    """``text`` as Markdown that renders it as it is, on one line (cut to ``limit``
    characters; leading spaces dropped, as Markdown would show them)."""
    text = "".join(c if c.isprintable() else " " for c in str(text)).lstrip()
    if len(text) > limit:
        text = text[:limit - 1] + "…"
    text = _ACTIVE.sub(r"\\\1", text)
    text = _LEADING.sub(lambda m: m.group(0)[:-1] + "\\" + m.group(0)[-1], text)
    # Bare addresses become links in GitHub's Markdown: break "://" and "www.".
    return re.sub(r"(?i)(www)\.", r"\1\\.", text.replace("://", ":\\/\\/"))
