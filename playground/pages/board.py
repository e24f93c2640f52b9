"""The class board of a challenge (playground/panels/board.py)."""

from playground.panels import board

board.page()
