#!/usr/bin/env bash
# The Debian packages the tests need, installed when missing: chromium for the browser tests. Called by
# `npm test` (pretest) and by .ci/run, so a fresh Debian machine with Node 20 passes with the README's two
# commands. Needs root, or sudo without a password, only when something is missing.
set -euo pipefail

# command → Debian package
declare -A NEEDED=([chromium]=chromium)

missing=()
for cmd in "${!NEEDED[@]}"; do
  command -v "$cmd" >/dev/null 2>&1 || missing+=("${NEEDED[$cmd]}")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  as_root=(sudo -n)
else
  echo "system-deps: missing Debian packages: ${missing[*]} — install them as root: apt-get install -y ${missing[*]}" >&2
  exit 1
fi
echo "system-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -qq
"${as_root[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
