"""Synthetic CPR numbers for the demo. They are made up, never looked up.

A CPR number is DDMMYY-SSSS: the birth date, then four serial digits whose first digit fixes the
century and whose last digit is odd for a man and even for a woman. It passes
``stdnum.dk.cpr.validate`` when the date is real and not in the future; there is no checksum since
2007. CPR has no reserved range for test numbers, so nothing can guarantee that a syntactically valid
number does not also belong to a real person. The demo's convention, so that demo numbers can be
recognised (and purged) wherever they end up: the serial digits are always ``99`` followed by two
digits, the last one carrying the sex. A 7th digit of 9 means 1937–1999 for two-digit years 37–99
and 2000–2036 for 00–36, so the same pattern serves the children and their parents. That leaves 50
numbers per birth date and sex, far more than a municipality of 100,000 children needs.

The country (`tidlig demo --municipalities 98`, about 1.2 million children, some 180 born a day) needs
more: the national build's allocator uses ``98``, ``97``, ``96`` and ``95`` (200 numbers per birth date and
sex), one allocator shared by all its municipalities, so no number is handed out twice in the
installation, and none of them collides with Demokommune's ``99``. `is_demo_cpr` knows all five.
"""

from __future__ import annotations

import datetime as dt

PREFIX = "99"  # Demokommune
NATIONAL_PREFIXES = ("98", "97", "96", "95")  # the real municipalities of `demo --municipalities N`
PREFIXES = (PREFIX, *NATIONAL_PREFIXES)
PER_PREFIX = 50


class CprAllocator:
    """Hands out distinct demo CPR numbers; moves a birth date one day on when a day is full."""

    def __init__(self, prefixes: tuple[str, ...] = (PREFIX,)) -> None:
        self.used: dict[tuple[dt.date, str], int] = {}
        self.prefixes = prefixes
        self.per_day_and_sex = PER_PREFIX * len(prefixes)

    def allocate(self, birth: dt.date, sex: str, *, latest: dt.date) -> tuple[str, dt.date]:
        """A CPR number for someone of `sex` ("M"/"F") born on `birth` (or the nearest free day)."""
        step = dt.timedelta(days=-1 if birth >= latest else 1)
        while True:
            n = self.used.get((birth, sex), 0)
            if n < self.per_day_and_sex:
                self.used[(birth, sex)] = n + 1
                return self.number(birth, sex, n, self.prefixes), birth
            birth += step

    @staticmethod
    def number(birth: dt.date, sex: str, n: int, prefixes: tuple[str, ...] = (PREFIX,)) -> str:
        """The n-th (0–49 per prefix) demo number for that birth date and sex."""
        block, n = divmod(n, PER_PREFIX)
        tens, last = divmod(n * 2, 10)
        last += 1 if sex == "M" else 0
        return f"{birth:%d%m%y}{prefixes[block]}{tens}{last}"


def is_demo_cpr(cpr: str) -> bool:
    return len(cpr) == 10 and cpr[6:8] in PREFIXES
