#!/usr/bin/env bash
# Installs the browser the Playwright journeys drive: Debian's Chromium at /usr/bin/chromium.
# `npx playwright install` cannot download browsers on these machines, so playwright.config.ts
# points Playwright at this one. Idempotent and quiet when the browser is already there.
set -euo pipefail

if [ -x /usr/bin/chromium ]; then
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    SUDO="sudo"
  else
    echo "Chromium is missing and installing it needs root (apt-get install chromium)." >&2
    exit 1
  fi
fi

echo "Installing Debian's Chromium for the browser tests (about a minute)…"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >/dev/null
$SUDO apt-get install -y -qq chromium >/dev/null

if [ ! -x /usr/bin/chromium ]; then
  echo "apt-get finished but /usr/bin/chromium is still missing." >&2
  exit 1
fi
