"""coprod-site: a static-site generator for co-produced resource hubs.

The pipeline reads top to bottom in `build.py`: load, check, render, write, verify.
"""

__version__ = "0.1.0"
