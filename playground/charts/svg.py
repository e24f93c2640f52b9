"""Tiny helpers for hand-written SVG strings: escaping, number formatting, a text element."""

import re
from html import escape

FONT = "font-family='system-ui, -apple-system, Segoe UI, Roboto, sans-serif'"

# What XML 1.0 cannot hold even escaped (control characters, lone surrogates, U+FFFE/U+FFFF),
# and the line breaks that would end the HTML block st.markdown renders the SVG in.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_BREAKS = re.compile("[\t\n\r\u2028\u2029]")


def esc(text) -> str:
    """Escape text for SVG content and attribute values. Text a user typed (a CSV column
    name) stays text: line breaks become spaces and characters XML cannot hold "?"."""
    return escape(_NOT_XML.sub("?", _BREAKS.sub(" ", str(text))), quote=True)


def num(x: float) -> str:
    """A coordinate with 1 decimal: short strings keep the SVG small and fast to build."""
    return f"{x:.1f}"


def value_text(x: float, digits: int = 3) -> str:
    """A parameter value for tooltips and labels: fixed decimals, scientific when tiny/huge."""
    x = float(x)
    if x != x:
        return "nan"
    if x in (float("inf"), float("-inf")):
        return "inf" if x > 0 else "-inf"
    if x != 0 and (abs(x) >= 1e4 or abs(x) < 10.0**-digits):
        return f"{x:.{max(digits - 1, 1)}e}"
    text = f"{x:.{digits}f}"
    return "0." + "0" * digits if text.lstrip("-") == "0." + "0" * digits else text


def text(x: float, y: float, content, size: float = 11, anchor: str = "start",
         fill: str = "#222222", weight: str = "normal", extra: str = "") -> str:
    """An SVG <text> element (content is escaped)."""
    bold = " font-weight='bold'" if weight == "bold" else ""
    return (
        f"<text x='{num(x)}' y='{num(y)}' font-size='{size:g}' text-anchor='{anchor}' "
        f"fill='{fill}'{bold}{(' ' + extra) if extra else ''}>{esc(content)}</text>"
    )


def svg_open(width: float, height: float, extra: str = "", label: str = "") -> str:
    """Opening <svg> tag with a viewBox so the chart scales with its container. label: the
    picture's text alternative (text_alternatives.py): an image with that accessible name."""
    if label:
        extra = f"role='img' aria-label='{esc(label)}'" + (f" {extra}" if extra else "")
    return (
        f"<svg xmlns='http://www.w3.org/2000/svg' width='{width:g}' height='{height:g}' "
        f"viewBox='0 0 {width:g} {height:g}' {FONT}{(' ' + extra) if extra else ''}>"
    )
