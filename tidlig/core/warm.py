"""Start-up of a long-running server process (tidlig/wsgi.py): load what the first requests would load,
then hand it to the garbage collector as permanent (`gc.freeze()`).

A Django process holds a quarter of a million objects after its first dashboard (Django, the views, Altair
and its Vega-Lite schema): every full collection walks all of them, 100–250 ms on a loaded 2-core machine,
and lands in whichever request allocates at that moment — the slow tail of the dashboards' p95 (issue 11
§5). Frozen objects are never walked again; what requests create is collected as before.
"""

from __future__ import annotations

import gc


def warm_and_freeze() -> int:
    """Import every view (the URLconf), load Altair's schema (one tiny chart, no drawing), then freeze.
    Answers the number of objects frozen."""
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 — imports every view module and what they import
    import altair as alt

    alt.Chart(alt.Data(values=[{"a": 1}])).mark_point().encode(x="a:Q").to_dict()  # loads the schema
    gc.collect()  # the garbage of the start-up is not kept for ever
    gc.freeze()
    return gc.get_freeze_count()
