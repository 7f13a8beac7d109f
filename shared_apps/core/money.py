"""Amounts in minor units (`*_cents` fields) as people read them: the currency's own number of
decimals (JPY has none, KWD three) and the reader's locale (`de-DE`: 1.500,00 €), from Babel's
copy of the CLDR. The one place the server turns minor units into text (e-mails, invoices)."""

from decimal import Decimal

from babel.core import Locale, UnknownLocaleError
from babel.numbers import format_currency, get_currency_precision


def major_units(minor: int, currency: str) -> Decimal:
    return Decimal(minor).scaleb(-get_currency_precision(currency))


def format_money(minor: int, currency: str, locale: str = "en") -> str:
    """`minor` units of `currency` for a reader in `locale` (a BCP 47 tag; English if unknown)."""
    try:
        babel_locale = Locale.parse(locale.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        babel_locale = Locale.parse("en")
    return format_currency(major_units(minor, currency), currency, locale=babel_locale)
