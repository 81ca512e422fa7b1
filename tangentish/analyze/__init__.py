"""Analyses: facts about normalized IR (primitive lookup, kinds, sequences, shapes,
aliasing, activity, methods, effects)."""
