#!/usr/bin/env bash
# Installs what the tests need from the operating system and npm cannot bring: Chromium for the browser tests,
# Xvfb (a virtual display) for the Electron spec, and Node.js with npm if the machine has none at all (npm ci
# then brings the project's own Node 24). Debian only for Chromium; elsewhere it says what to do.
# Safe to run again: it installs only what is missing.
set -euo pipefail

os_id=$( (. /etc/os-release 2>/dev/null && echo "${ID:-}") || true)

missing=()
command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)
if [ ! -x /usr/bin/chromium ] && [ -z "${CHROMIUM_PATH:-}" ]; then
  # Ubuntu's "chromium" package only installs a snap, which does not work in containers or CI.
  if [ "$os_id" = ubuntu ]; then
    echo "Ubuntu packages Chromium as a snap only: run 'npx playwright install chromium' for the browser tests," \
      "or point CHROMIUM_PATH at a Chromium or Chrome you have."
  else
    missing+=(chromium)
  fi
fi
if [ "$(uname -s)" = Linux ] && ! command -v xvfb-run >/dev/null 2>&1; then missing+=(xvfb xauth); fi
# 7-Zip: electron-builder zips the Mac app with it in the packaging test (latest-mac.yml, the update metadata); without
# one on the PATH it downloads its own from GitHub.
if [ "$(uname -s)" = Linux ] && ! command -v 7za >/dev/null 2>&1; then missing+=(p7zip-full); fi

if [ ${#missing[@]} -eq 0 ]; then
  echo "System packages for the tests are present."
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  cat <<MSG
Not installed automatically (this system has no apt-get): ${missing[*]}.
Install Node.js 20 or newer with npm if it is missing. For the browser tests either install Chromium and point
CHROMIUM_PATH at it, or run 'npx playwright install chromium'. Xvfb is only needed on Linux without a desktop.
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
