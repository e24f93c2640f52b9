"""Every number on the page is formatted for people by playground.charts.numbers.readable."""

import math

import pytest

from playground.charts.numbers import count, readable, scientific


@pytest.mark.parametrize("value, text", [
    (None, "—"), (math.nan, "—"), (math.inf, "∞"), (-math.inf, "−∞"),
    (0.0, "0"), (0.693147, "0.6931"), (-0.5, "-0.5000"), (12.3456, "12.35"),
    (4321.7, "4,322"), (99_999.4, "99,999"),
    (1e5, "1e5"), (123_456.0, "1.23e5"), (4.7e46, "4.7e46"), (1.7e285, "1.7e285"),
    (-2.4e94, "-2.4e94"), (1e-4, "0.0001"), (3.2e-7, "3.2e-7"), (-9.99e-5, "-9.99e-5"),
])
def test_readable_numbers(value, text):
    assert readable(value) == text


@pytest.mark.parametrize("value, text", [
    (0.975, "97.5%"), (1.0, "100.0%"), (0.0, "0.0%"), (None, "—"), (math.nan, "—"),
])
def test_readable_percentages(value, text):
    assert readable(value, percent=True) == text


def test_no_number_is_ever_longer_than_a_dozen_characters():
    for exponent in range(-320, 309, 7):
        for mantissa in (1.0, 9.87654321, -4.2):
            assert len(readable(mantissa * 10.0 ** exponent)) <= 12


def test_scientific_keeps_three_significant_digits_and_reads_back():
    assert scientific(6.02214076e23) == "6.02e23"
    assert float(scientific(1.7e285)) == 1.7e285
    assert count(81_000) == "81,000"
