#!/usr/bin/env bash
# The Debian packages the tests need, installed when missing, so that a fresh Debian machine with Node 20
# passes with the README's two commands (`npm ci && npm test`). Called by `npm test` (pretest) and by
# .ci/run. Idempotent: when every package is there it installs nothing and says so in one line. Installs
# as root, or through sudo when it needs no password; otherwise it names the command to run and stops.
set -euo pipefail

# The packages, by Debian name: the browser of the web tests, and PostgreSQL for the cohort tests that
# start a throwaway cluster (its binaries under /usr/lib/postgresql/<version>/bin; no service is needed).
PACKAGES=(chromium postgresql)

say() { echo "system-deps: $*" >&2; }

installed() {
  local pkg=$1
  # A browser elsewhere (another distribution, a developer's own build) is used through CHROMIUM_PATH.
  if [ "$pkg" = chromium ] && [ -n "${CHROMIUM_PATH:-}" ] && [ -x "${CHROMIUM_PATH}" ]; then return 0; fi
  if command -v dpkg-query >/dev/null 2>&1; then
    [ "$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null)" = installed ]
  else
    command -v "$pkg" >/dev/null 2>&1
  fi
}

missing=()
for pkg in "${PACKAGES[@]}"; do installed "$pkg" || missing+=("$pkg"); done
if [ ${#missing[@]} -eq 0 ]; then
  say "Debian packages the tests need are installed: ${PACKAGES[*]}"
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  say "missing: ${missing[*]}. This is not a Debian system: install them with its package manager (or set CHROMIUM_PATH to a Chromium binary)."
  exit 1
fi
if [ "$(id -u)" -eq 0 ]; then
  as_root=()
  how="as root"
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  as_root=(sudo -n)
  how="through sudo"
else
  say "missing: ${missing[*]}. Install them as root, then run the tests again:"
  say "  apt-get update && apt-get install -y ${missing[*]}"
  exit 1
fi

say "installing ${missing[*]} with apt-get ${how}"
# sudo resets the environment: the variable is passed through env so that apt-get asks nothing.
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
for pkg in "${missing[@]}"; do
  installed "$pkg" || { say "apt-get finished but ${pkg} is still not installed"; exit 1; }
done
say "installed ${missing[*]}"
