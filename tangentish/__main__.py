"""``python -m tangentish path/to/file.py:f [--wrt x] [--mode grad|vjp] [--dump]``
(tangentish/api/cli.py)."""
import sys

from .api.cli import main

if __name__ == "__main__":
    sys.exit(main())
