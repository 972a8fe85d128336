#!/usr/bin/env bash
# README command 2: every check — typecheck, lint, unit and integration tests, browser tests in Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/ensure-pnpm.sh
pnpm install --frozen-lockfile

CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [[ ! -x "$CHROMIUM" ]]; then
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
    echo "› installing Debian's chromium for the browser tests"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "✗ Chromium is missing at $CHROMIUM and cannot be installed here (needs root or sudo)." >&2
    echo "  Install it (apt-get install chromium) or set CHROMIUM_PATH, then run this again." >&2
    exit 1
  fi
fi

# The BFF suite runs on SQLite and on PostgreSQL (vite.config.ts, project bff-pg): make sure a
# server answers, starting — or, as root on Debian, installing — one when none does. Never skipped.
export EXOCORP_TEST_PG_URL="${EXOCORP_TEST_PG_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
bash scripts/ensure-postgres.sh

echo "› typecheck";   pnpm typecheck
echo "› lint";        pnpm lint
echo "› unit and integration tests"; pnpm test
echo "› build";       pnpm build
echo "› bundle budget"; node scripts/bundle-report.mjs --check
echo "› browser tests (Chromium)"; CHROMIUM_PATH="$CHROMIUM" pnpm test:e2e
echo "✓ all checks passed"
