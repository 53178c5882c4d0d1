"""CPR numbers, validated with python-stdnum.

No modulus-11 check: CPR numbers without a valid checksum have been issued since 2007, and
stdnum's dk.cpr validates the birth date and the form, not the checksum.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum.dk import cpr as stdnum_cpr
from stdnum.exceptions import InvalidComponent, InvalidFormat, InvalidLength
from stdnum.exceptions import ValidationError as StdnumError


def clean_cpr(value: str) -> str:
    """The 10 digits of a valid CPR number, or a Danish ValidationError saying what to fix."""
    raw = (value or "").strip()
    if not raw:
        raise ValidationError(_("Skriv CPR-nummeret (10 cifre, fx 010118-1234)."), code="required")
    try:
        return stdnum_cpr.validate(raw)
    except InvalidLength:
        raise ValidationError(
            _("Et CPR-nummer har 10 cifre, fx 010118-1234. Du skrev %(n)d. Tjek cifrene.")
            % {"n": sum(c.isdigit() for c in raw)},
            code="length",
        ) from None
    except InvalidFormat:
        raise ValidationError(
            _("Et CPR-nummer består kun af cifre (og evt. en bindestreg), fx 010118-1234. Skriv kun cifre."),
            code="format",
        ) from None
    except InvalidComponent:
        raise ValidationError(
            _(
                "De første 6 cifre i CPR-nummeret skal være en gyldig fødselsdato (ddmmåå), der ikke ligger i fremtiden. "
                "Tjek cifrene."
            ),
            code="birth_date",
        ) from None
    except StdnumError:
        raise ValidationError(_("CPR-nummeret er ikke gyldigt. Tjek cifrene."), code="invalid") from None


def birth_date(cpr: str) -> dt.date:
    return stdnum_cpr.get_birth_date(cpr)


def age_on(cpr: str, day: dt.date) -> int:
    """Whole years of age on `day` of the person the (valid) CPR number belongs to."""
    born = birth_date(cpr)
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def sex(cpr: str) -> str:
    """M for an odd last digit, F for an even one (the CPR convention)."""
    return "M" if int(cpr[-1]) % 2 else "F"


def format_cpr(cpr: str) -> str:
    return stdnum_cpr.format(cpr)
