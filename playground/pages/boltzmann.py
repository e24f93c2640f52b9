"""The Boltzmann machines page (a file, so tests can open it with AppTest.switch_page)."""

from playground.panels import boltzmann

boltzmann.page()
