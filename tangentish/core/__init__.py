"""What every layer may import: errors, the markers and objects recognized by
identity (markers.py), generated source text (sources.py), and the engine's
entry points installed by the layers above (engine.py)."""
