"""The page's CSS: the live HTML blocks (metrics strip, boundary + diagram row, small charts),
sized for 1280×800 and readable on a projector: from 1700 px wide the root font grows with the
window, so the sidebar, captions and titles grow with the SVG charts (which scale by viewBox)."""

import streamlit as st

from playground.charts import colors

CSS = """
<style>
html {font-size: clamp(16px, 0.95vw, 20px);}
@media (min-width: 1700px) {
  section[data-testid="stSidebar"] {width: clamp(336px, 20vw, 420px) !important;}
}
/* 3.8rem at the top: the page navigation (Playground · Lessons · Compare) sits in the header. */
.block-container {padding: 3.8rem 1.4rem 1rem 1.6rem; max-width: 1500px;}
[data-testid="stSidebarUserContent"] {padding-top: 0.5rem;}
[data-testid="stSidebarHeader"] {height: 2.2rem; margin-bottom: 0;}
.pg-metrics {display: flex; flex-wrap: wrap; gap: 0.3rem 1.5rem; margin: 0 0 0.4rem 0;}
.pg-metric .pg-label {font-size: 0.78rem; color: #555; text-transform: uppercase;
  letter-spacing: 0.03em;}
.pg-metric .pg-value {font-size: clamp(1.3rem, 1.7vw, 2.3rem); font-weight: 600;
  color: #1f2328; font-variant-numeric: tabular-nums;}
/* The live SVGs scale with the window (they have a viewBox): small on a laptop, big on a
   1080p projector, side by side from 1024 px up. */
.pg-row {display: flex; gap: 0.8rem; align-items: flex-start;}
.pg-boundary {flex: 0 1 39%; min-width: 0; max-width: 600px;}
.pg-network {flex: 1 1 61%; min-width: 0; max-width: 940px;}
.pg-digits {flex: 0 1 45%; min-width: 0;}
/* The family trees' map and held-out answers (panels/family_trees.py). */
.pg-family {flex: 0 1 42%; min-width: 0; max-width: 620px;}
.pg-family-answers {font-size: 0.85rem; border-collapse: collapse; margin-top: 0.2rem;}
.pg-family-answers caption {text-align: left; font-weight: 700; color: #222;}
.pg-family-answers td {padding: 1px 0.8rem 1px 0;}
.pg-caption {font-size: 0.8rem; color: #555; margin-top: 2px;}
.pg-family-units-cell {max-width: 600px;}
/* A conv net's feature maps (charts/feature_maps.py): a column per layer, pictures that keep
   their pixels sharp; the columns wrap rather than squeeze at 1280 px. */
.pg-map-row {display: flex; flex-wrap: wrap; gap: 0.5rem 0.9rem; align-items: flex-start;}
.pg-map-layer {min-width: 0; max-width: 250px;}
.pg-map-head {font-weight: 700; font-size: clamp(12px, 0.8vw, 16px); color: #222;}
.pg-map-sub {font-size: clamp(11px, 0.7vw, 14px); color: #666; margin-bottom: 2px;}
.pg-map-grid {display: flex; flex-wrap: wrap; gap: 3px; margin-bottom: 4px;}
/* Hovering a unit of a first-layer map outlines its receptive field in the input (CSS :has,
   charts/feature_maps.py). */
.pg-mapbox {position: relative; display: inline-block; line-height: 0;}
.pg-units {position: absolute; inset: 0; display: grid;}
.pg-units i:hover {outline: 2px solid #e8590c; outline-offset: -1px;}
.pg-rf {display: none; position: absolute; outline: 2px solid #e8590c; outline-offset: -1px;
  pointer-events: none;}
/* Streamlit's markdown images scale down to their 8 px; these fill their box. */
.pg-map {image-rendering: pixelated; object-fit: fill !important; max-width: none !important;
  border: 1px solid #ddd;}
.pg-row svg {width: 100%; height: auto;}
/* Equal cells, three a row at 1280 px: a chart alone on the last row does not balloon. */
.pg-charts {display: grid; grid-template-columns: repeat(auto-fill, minmax(max(240px, 28%), 1fr));
  gap: 0.4rem 1.2rem; margin-top: 0.3rem; align-items: start;}
.pg-charts > * {min-width: 0; max-width: 520px;}
.pg-charts svg {width: 100%; height: auto;}
.pg-chart-title {font-weight: 700; font-size: clamp(13px, 0.85vw, 17px); color: #222;
  margin: 2px 0 4px 0;}
/* A lesson's screen: the boundary and the panels the lesson watches side by side, within the
   first viewport (the SVGs are capped at what is left under the lesson bar and toolbar). */
.pg-lesson .pg-boundary {flex: 0 1 40%; max-width: none;}
.pg-watch {flex: 1 1 60%; min-width: 0; display: grid; align-content: start; gap: 0.3rem 1rem;
  grid-template-columns: repeat(auto-fit, minmax(min(100%, 240px), 1fr)); border-radius: 6px;}
.pg-watch > .pg-network {max-width: none;}
.pg-watch svg {width: 100%; height: auto;}
.pg-alone .pg-boundary {flex: 1 1 100%; max-width: none;}
.pg-lesson svg {max-height: calc(100vh - 27rem);}
.pg-alone svg {max-height: calc(100vh - 29rem);}  /* its metrics take two rows */
.pg-narrow .pg-metrics {display: grid; grid-template-columns: repeat(4, minmax(0, 1fr));
  gap: 0 0.6rem;}
.pg-narrow .pg-metric {min-width: 0 !important;}
.pg-narrow .pg-metric .pg-value {font-size: clamp(1rem, 1.2vw, 1.6rem);}
/* The "Look at" link's target, outlined once the link was followed. */
#pg-watch:target, .st-key-lesson-watch:has(#pg-watch:target) {outline: 3px solid #e69f00;
  outline-offset: 4px;}
.pg-look {font-weight: 600; font-style: italic; text-decoration: none;}
/* Graphviz lays a graph out with Helvetica's metrics at the DOT's font sizes, but Streamlit's
   theme sets its text in Source Sans at 0.6rem, which grows with the root font (presenter
   view): the labels then ran over their boxes. Text in the graph's own units and font. */
[data-testid="stGraphVizChart"] svg text {font-family: Helvetica, Arial, "Liberation Sans",
  sans-serif !important; font-size: revert-layer !important;}
/* Laptop widths: four view toggles share their half row with the one-line notes; their labels
   say what they do (the tooltips stay on wide screens), so the ? icons give way to the text. */
@media (max-width: 1500px) {
  .st-key-view-toggles [data-testid="stTooltipIcon"] {display: none;}
}
/* Narrow screens (1024 px projectors with the sidebar open): icons only on the step buttons;
   the words stay for screen readers (hidden from sight, not display:none, which removes the
   button's name). Phones stack the buttons, full width: there the words fit and show. */
@media (max-width: 1150px) and (min-width: 641px) {
  .st-key-step button p, .st-key-epoch button p, .st-key-reset button p {position: absolute;
    width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap;}
}
.pg-note {padding: 0.3rem 0.7rem; border-radius: 0.4rem; margin: 0.1rem 0; font-size: 0.95rem;}
.pg-info {background: #e8f1fb; color: #0b4a80;}
.pg-warn {background: #fff6dc; color: #6b4d00;}
/* The digit samples and the 8x8 W[1] images grow with their column, like the SVG charts. */
.pg-digits img {display: block; margin-bottom: 0.4rem; width: 100%; height: auto;
  object-fit: contain;}  /* Streamlit's markdown images scale down only */
.pg-digits img.pg-weights {width: 80%; image-rendering: pixelated;}
/* Hidden-layer - and + : a big glyph that is not clipped by the button's padding. */
.st-key-layers-add button, .st-key-layers-remove button {padding: 0 0.4rem; min-height: 2.2rem;}
.st-key-layers-add button p, .st-key-layers-remove button p {font-size: 1.5rem; line-height: 1;
  font-weight: 700; overflow: visible;}
/* Data-set thumbnails: buttons with the picture as background (controls.thumbnails). */
[class*="st-key-thumb-"] button {height: 4.1rem; width: 100%; padding: 2.8rem 2px 2px 2px;
  background-repeat: no-repeat; background-position: center 0.25rem;
  background-size: 2.5rem 2.5rem; min-width: 0; background-color: #fff; border: 2px solid #d0d4d8;
  border-radius: 6px; min-height: 0;}
[class*="st-key-thumb-"] button:hover {border-color: #5a9fd4;}
[class*="st-key-thumb-"] button p {font-size: 0.62rem; line-height: 1.1; white-space: nowrap;
  overflow: hidden; text-overflow: ellipsis; max-width: 100%;}
/* Keyboard users see where they are (WCAG 2.4.7, 2.4.11): a ring in the theme's primary,
   6.8:1 on white, on every control; and a control that Tab scrolls to stops clear of the
   sticky header and the bottom edge instead of sliding under them. */
:focus-visible {outline: 3px solid #0b5f99 !important; outline-offset: 2px !important;}
/* Inputs hidden for the eye (React Aria): a switch's or checkbox's track, a slider's thumb
   wear the ring instead. */
label:has(> span > input[type="checkbox"]:focus-visible) > div:first-of-type,
div[data-rac]:has(> div > input[type="range"]:focus-visible) {
  outline: 3px solid #0b5f99; outline-offset: 2px;}
button, input, select, textarea, a, [tabindex], [role="slider"], [role="tab"],
[role="combobox"], [role="switch"] {scroll-margin: 5rem 0 2rem 0;}
/* prefers-reduced-motion: no transitions, animations or smooth scrolling (the live charts
   still change frame by frame: that is the content, not decoration). */
@media (prefers-reduced-motion: reduce) {
  *, *::before, *::after {animation-duration: 0s !important; animation-iteration-count: 1
    !important; transition-duration: 0s !important; scroll-behavior: auto !important;}
}
.st-key-reduced-motion {display: none;}  /* motion.py's reporter draws nothing */
/* The shortcut key shown on the Play button, readable on its blue (Streamlit greys it). */
button[kind="primary"] kbd {color: #ffffff !important; opacity: 1 !important;
  transition: none !important;}
/* Phones (Streamlit stacks every column below 640 px): the toolbar stays two rows (the four
   buttons, then the two menus), the view toggles two by two, the metrics four across, so the
   boundary is on the first screen; the data-set thumbnails keep their grid. */
@media (max-width: 640px) {
  [data-testid="stHorizontalBlock"]:has(.st-key-play) {flex-wrap: wrap; gap: 0.4rem;}
  [data-testid="stHorizontalBlock"]:has(.st-key-play) > [data-testid="stColumn"] {
    min-width: calc(22% - 0.3rem) !important; flex: 1 1 calc(22% - 0.3rem) !important;}
  [data-testid="stHorizontalBlock"]:has(.st-key-play) > [data-testid="stColumn"]:first-child {
    min-width: calc(34% - 0.3rem) !important; flex: 1 1 calc(34% - 0.3rem) !important;}
  [data-testid="stHorizontalBlock"]:has(.st-key-play) > [data-testid="stColumn"]:nth-child(n+5) {
    min-width: calc(50% - 0.2rem) !important; flex: 1 1 calc(50% - 0.2rem) !important;}
  .st-key-step button p, .st-key-epoch button p, .st-key-reset button p {position: absolute;
    width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap;}
  .st-key-view-toggles [data-testid="stHorizontalBlock"] {flex-wrap: wrap; gap: 0 0.5rem;}
  .st-key-view-toggles [data-testid="stColumn"] {min-width: calc(50% - 0.3rem) !important;
    flex: 1 1 calc(50% - 0.3rem) !important;}
  .pg-metrics {display: grid; grid-template-columns: repeat(4, minmax(0, 1fr)); gap: 0.2rem;}
  .pg-metric {min-width: 0 !important;}
  .pg-metric .pg-label {font-size: 0.6rem;}
  .pg-row {flex-wrap: wrap;}
  button kbd, .st-key-page-head [data-testid="stButton"] {display: none !important;}
  /* no room kept for an absent note */
  [data-testid="stColumn"]:has(.pg-notes:empty) {display: none;}
  .st-key-lesson-banner {flex-wrap: wrap !important;}  /* the lesson's text full width, */
  .st-key-lesson-banner > :first-child {flex: 1 1 100% !important;}  /* its buttons below */
  .pg-row > *, .pg-boundary {flex: 1 1 100% !important; max-width: none;}
  [data-testid="stHorizontalBlock"]:has([class*="st-key-thumb-"]) {flex-wrap: wrap; gap: 0.3rem;}
  [data-testid="stHorizontalBlock"]:has([class*="st-key-thumb-"]) > [data-testid="stColumn"] {
    min-width: calc(25% - 0.3rem) !important; flex: 1 1 calc(25% - 0.3rem) !important;}
}
</style>
"""


def dark_room_css() -> str:
    """The device's dark setting (Streamlit's theme follows it: .streamlit/config.toml): the
    charts' inks lighten (colors.DARK_INKS), the page's own texts and notes follow, the
    boundary's light background dims a little; nothing is inverted."""
    inks = "".join(f"svg [fill='{light}'] {{fill: {dark};}} svg [stroke='{light}'] "
                   f"{{stroke: {dark};}}" for light, dark in colors.DARK_INKS.items())
    lines = "".join(f"{chart} [{attribute}='{light}'] {{{attribute}: {dark};}}"
                    for light, dark in colors.DARK_LINES.items() for attribute in ("fill", "stroke")
                    for chart in (".line-chart", ".network", ".histograms", ".gradient-flow"))
    return ("<style>@media (prefers-color-scheme: dark) {" + inks + lines + """
  .pg-metric .pg-label, .pg-caption, .pg-map-sub {color: #aab0b6;}
  .pg-metric .pg-value, .pg-chart-title, .pg-map-head, .pg-family-answers caption {
    color: #e8eaed;}
  .pg-info {background: #14304a; color: #cfe3f7;}
  .pg-warn {background: #3d3010; color: #f5e3b0;}
  .pg-live svg image {filter: brightness(0.9);}
  [class*="st-key-thumb-"] button p {color: #222222;}  /* on the pictures' white card */
  /* Streamlit writes a slider's value in the primary colour, which cannot be both a
     background for white (4.5:1) and text on the dark page (4.5:1): the text takes a lighter
     blue (7.3:1 on the sidebar). */
  [data-testid="stSliderThumbValue"] p, [data-testid="stSliderTickBarMin"],
  [data-testid="stSliderTickBarMax"], button[data-selected="true"] p {
    color: #6cb4f0 !important;}
  :focus-visible, label:has(> span > input[type="checkbox"]:focus-visible) > div:first-of-type,
  div[data-rac]:has(> div > input[type="range"]:focus-visible) {
    outline-color: #6cb4f0 !important;}
}</style>""")


def inject() -> None:
    st.html(CSS + dark_room_css())
