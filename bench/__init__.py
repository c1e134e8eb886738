"""Benchmarks: bench/run.py drives the app under gunicorn with wrk (see bench/README.md)."""
