"""The GAN lab page (a file, so tests can open it with AppTest.switch_page)."""

from playground.panels import gan_lab

gan_lab.page()
