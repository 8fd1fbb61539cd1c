"""Benchmarks at scale: a generated corpus, imports, searches and pages on both databases.

    python -m bench --size small|10k|100k [--db both|postgres|sqlite] [--corpus DIR]

See bench/README.md for what each step measures.
"""
