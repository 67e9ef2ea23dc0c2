#!/usr/bin/env bash
# The e2e tests drive Debian's Chromium through playwright-core (never `playwright install`: no downloads here).
# Installs it when missing and we can (root or sudo with apt-get); otherwise says exactly what to run.
set -euo pipefail
for c in /usr/bin/chromium /usr/bin/chromium-browser; do [ -x "$c" ] && exit 0; done
if command -v apt-get >/dev/null 2>&1; then
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
      echo "Chromium is missing and this user cannot install it: run 'apt-get install -y chromium' as root." >&2; exit 1
    fi
  fi
  echo "Installing Debian's chromium for the browser tests (one time)..." >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends chromium >/dev/null
  exit 0
fi
echo "Chromium is missing: install your distribution's chromium package (the e2e tests expect /usr/bin/chromium)." >&2
exit 1
