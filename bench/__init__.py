"""Benchmarks that report ratios against a reference measured in the same run."""
