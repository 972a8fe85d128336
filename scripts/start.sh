#!/usr/bin/env bash
# README command 1: install everything, build the web app and run the product on $PORT (default 8080).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/ensure-pnpm.sh
pnpm install --frozen-lockfile
exec pnpm start
