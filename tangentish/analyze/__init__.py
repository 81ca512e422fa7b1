"""Analyses: facts about normalized IR (name resolution, primitive lookup, activity)."""
