# Sourced by the two README commands: makes `pnpm` (10.34.9) available on a machine with only Node and npm.
PNPM_VERSION=10.34.9
if ! command -v pnpm >/dev/null 2>&1 || [[ "$(pnpm --version 2>/dev/null)" != 10.* ]]; then
  echo "› installing pnpm ${PNPM_VERSION} with npm"
  if ! npm install -g "pnpm@${PNPM_VERSION}" >/dev/null 2>&1; then
    # No write access to the global prefix: use a user-level prefix instead.
    export NPM_CONFIG_PREFIX="${HOME}/.local"
    export PATH="${HOME}/.local/bin:${PATH}"
    npm install -g "pnpm@${PNPM_VERSION}" >/dev/null
  fi
fi
