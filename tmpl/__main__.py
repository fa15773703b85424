"""``python -m tmpl``: the ``tmpl`` command line (see :mod:`tmpl.cli`)."""

import sys

from .cli import main

sys.exit(main())
