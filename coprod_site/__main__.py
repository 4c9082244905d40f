import sys

try:
    from coprod_site.cli import command
except KeyboardInterrupt:              # Ctrl-C while starting: nothing was done yet
    import os
    import signal
    for stop in (signal.SIGINT, signal.SIGTERM):
        signal.signal(stop, signal.SIG_IGN)
    print("coprod: stopped. Nothing half-built was published.", file=sys.stderr, flush=True)
    os._exit(2)      # not SystemExit: one that landed in code a module made with exec()
                     # would still end Python by SIGINT (a CPython quirk), not with code 2

command()
