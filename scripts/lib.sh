# Shared setup steps for scripts/site and scripts/test (sourced, not run).
# They work on a fresh Debian 12 machine with Python 3.11: as root, or as a user with sudo.

PYTHON="${PYTHON:-python3}"
VENV=".venv"
export DEBIAN_FRONTEND=noninteractive PIP_DISABLE_PIP_VERSION_CHECK=1

say() { printf '==> %s\n' "$*" >&2; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    say "This step needs root: run '$*' as root, or install sudo, then try again."
    exit 2
  fi
}

APT_UPDATED=""
apt_install() {
  if [ -z "$APT_UPDATED" ]; then
    say "Updating the list of Debian packages"
    as_root apt-get update -qq </dev/null
    APT_UPDATED=1
  fi
  say "Installing $*"
  as_root apt-get install -y -qq "$@" </dev/null >/dev/null
}

check_python() {
  if ! command -v "$PYTHON" >/dev/null 2>&1; then
    say "Python 3.11 or newer is needed, and '$PYTHON' was not found. On Debian: apt-get install python3"
    exit 2
  fi
  if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
    say "Python 3.11 or newer is needed; '$PYTHON' is $("$PYTHON" --version 2>&1)."
    exit 2
  fi
}

# Create .venv (installing Debian's python3-venv when the venv module cannot make one),
# then install the hub into it.
setup_venv() {
  check_python
  if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -m pip --version >/dev/null 2>&1; then
    rm -rf "$VENV"
    say "Creating $VENV"
    if ! "$PYTHON" -m venv "$VENV" >/dev/null 2>&1; then
      rm -rf "$VENV"
      apt_install python3-venv
      "$PYTHON" -m venv "$VENV"
    fi
  fi
  say "Installing coprod-site into $VENV"
  "$VENV/bin/python" -m pip install -q -e "${1:-.}"
}
