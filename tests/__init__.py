"""Tests of tangentish (a package, so they import their corpora as ``tests.corpus``)."""
