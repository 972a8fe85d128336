#!/usr/bin/env bash
# README command 1: install everything, build the web app and the BFF, and run the compiled product
# on $PORT (default 8080).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/ensure-pnpm.sh
pnpm install --frozen-lockfile
pnpm build
# exec node directly (not through pnpm): signals reach the BFF and the process tree is plain node.
exec node bff/dist/main.mjs
