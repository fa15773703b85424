"""Hypothesis profiles for the property tests.

By default the property tests draw the same examples on every run (``derandomize``): the
suite gates every change, and a run that fails only because this time's random draw found an
old bug would block an unrelated change and could not be reproduced by re-running it.  Random
exploration is a separate, deliberate act::

    HYPOTHESIS_PROFILE=explore python -m pytest tests/test_properties.py

draws fresh examples on every run and prints how to reproduce any failure it finds.
The profile is loaded here, before the test modules are imported, because ``@settings`` on a
test takes its unspecified options from the profile active when the decorator runs.
"""

from __future__ import annotations

import os

from hypothesis import settings

settings.register_profile("deterministic", derandomize=True, database=None)
settings.register_profile("explore", print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "deterministic"))
