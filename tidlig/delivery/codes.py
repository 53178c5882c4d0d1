"""Danmarks Statistik's code lists the delivery uses, copied from the project's shared reference
(`shared/data/dst/dst_code_lists.csv`, taken from the StatBank tables UND1, ANBAAR2/8/16 and
ANBAAR12/15/16/17 and their `/tableinfo`). Only codes a row can carry are here; "I alt" (0) is not one."""

from __future__ import annotations

# KON (UND1/UND2/ANBAAR*): D Drenge, P Piger, 9 Uoplyst køn; U "Uoplyst køn, ufødt" (UND1/UND2)
SEX = {"M": "D", "F": "P", "U": "9"}
UNBORN = "U"
SEX_CODES = {"D", "P", "9", UNBORN}

# UNDERRETERE (UND1); 7 is "-2023" and is no longer given
NOTIFIERS = {"1", "2", "3", "4", "5", "6", "8", "9", "10", "11", "12", "13", "99"}

# ANBRINGELSE (ANBAAR12/15/16/17)
PLACES = {"1", "21", "22", "23", "24", "25", "26", "27", "6", "7", "8", "9", "11", "99"}

# Tidlig's anbringelsessted (BL § 43, stk. 1, nr. 1-7) → ANBRINGELSE. Nr. 6 (børne- og ungehjem) covers
# DST's 9, 7, 8 and 27, which Tidlig does not tell apart: it becomes 99 with a warning (a gap).
PLACE_OF = {
    "43_1": "23",  # almen plejefamilie
    "43_2": "24",  # forstærket plejefamilie
    "43_3": "25",  # specialiseret plejefamilie
    "43_4": "1",  # netværksplejefamilie
    "43_5": "6",  # eget værelse, kollegium, kollegielignende opholdssted
    "43_6": "99",  # børne- og ungehjem: døgninstitution (9/7/8) or opholdssted (27) not recorded
    "43_7": "11",  # kost- og/eller efterskole
}

# FORAN (ANBAAR2/8/16): the legal basis of a placement
WITH_CONSENT = "101"  # Afgørelse med samtykke (BL § 46)
WITHOUT_CONSENT = "102"  # Afgørelse uden samtykke (BL § 47)
BASES = {str(c) for c in range(101, 116)} | {"99"}
