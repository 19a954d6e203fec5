"""Benchmarks: not part of the test suite; run with `python -m bench NAME` (see `bench/__main__.py`)."""
