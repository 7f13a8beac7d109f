"""Minor units as people read them: the currency's own decimals and the reader's locale."""

import pytest

from shared_apps.core.money import format_money


@pytest.mark.parametrize(("minor", "currency", "locale", "text"), [
    (2900, "EUR", "de-DE", "29,00\xa0€"),
    (2900, "EUR", "en-GB", "€29.00"),
    (1500, "JPY", "en-GB", "JP¥1,500"),  # no minor unit: 1500 is ¥1,500, not ¥15
    (1234, "KWD", "en", "KWD1.234"),  # three decimals
    (5, "GBP", "not-a-locale", "£0.05"),  # an unknown locale reads as English
])
def test_an_amount_is_written_in_its_currencys_decimals_and_the_readers_locale(minor, currency, locale, text):
    assert format_money(minor, currency, locale) == text
