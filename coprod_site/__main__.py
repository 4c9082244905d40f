import sys

try:
    from coprod_site.cli import command
except KeyboardInterrupt:              # Ctrl-C while starting: nothing was done yet
    print("coprod: stopped.", file=sys.stderr)
    raise SystemExit(2) from None

command()
