import os
import sys

# tests import their helper modules (helpers.py, funcs_*.py) by plain name
sys.path.insert(0, os.path.dirname(__file__))
