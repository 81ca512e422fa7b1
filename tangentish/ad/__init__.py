"""The derivative transforms over analyzed normal form: reverse mode (reverse.py and
its parts), forward mode (forward.py), rule derivation (derive.py) and the cleanup
of generated code (optimize.py)."""
