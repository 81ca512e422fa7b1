"""``python -m tangentish path/to/file.py:f [--wrt x] [--mode MODE] [--with-callees] [--dump]``
and ``python -m tangentish export path/to/file.py:f -o out.py`` (tangentish/api/cli.py)."""
import sys

from .api.cli import main

if __name__ == "__main__":
    sys.exit(main())
