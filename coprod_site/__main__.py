import sys

try:
    from coprod_site.cli import command
except KeyboardInterrupt:              # Ctrl-C while starting: nothing was done yet
    import signal
    for stop in (signal.SIGINT, signal.SIGTERM):
        signal.signal(stop, signal.SIG_IGN)
    print("coprod: stopped. Nothing half-built was published.", file=sys.stderr)
    raise SystemExit(2) from None

command()
