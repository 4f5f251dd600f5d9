"""Benchmarks: `make bench` runs them; each prints its numbers beside a bare baseline."""
