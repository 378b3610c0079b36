"""``python -m kg`` runs the command line."""

import sys

from kg.cli import main

if __name__ == "__main__":  # not when a spawned extraction process imports it
    sys.exit(main())
