#!/usr/bin/env bash
# Installs what the tests need from the operating system and npm cannot bring: Chromium for the browser tests
# and Xvfb (a virtual display) for the Electron spec. Debian/Ubuntu only; elsewhere it says what to do.
# Safe to run again: it installs only what is missing.
set -euo pipefail

missing=()
[ -x /usr/bin/chromium ] || [ -n "${CHROMIUM_PATH:-}" ] || missing+=(chromium)
command -v xvfb-run >/dev/null 2>&1 || missing+=(xvfb xauth)

if [ ${#missing[@]} -eq 0 ]; then
  echo "System packages for the tests are present (Chromium, Xvfb)."
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  cat <<'MSG'
This system has no apt-get, so Chromium and Xvfb are not installed automatically. Either install Chromium
and point CHROMIUM_PATH at it, or run `npx playwright install chromium` (it downloads Playwright's own build).
Xvfb is only needed on Linux without a desktop session.
MSG
  exit 0
fi

as_root=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then as_root=(sudo); else
    echo "Installing ${missing[*]} needs root: run this script as root or install sudo." >&2
    exit 1
  fi
fi

echo "Installing ${missing[*]} from the system's package repositories..."
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -qq
"${as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "Installed ${missing[*]}."
