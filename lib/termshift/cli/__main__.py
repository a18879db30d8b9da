"""``python -m termshift.cli``: the ``termshift`` command."""

import sys

from . import main

sys.exit(main())
