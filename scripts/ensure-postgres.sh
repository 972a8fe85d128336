#!/usr/bin/env bash
# Makes sure the PostgreSQL server named by EXOCORP_TEST_PG_URL (default: postgres@127.0.0.1:5432,
# trust auth) answers: starts Debian's cluster when it is installed but stopped, installs it when
# missing and we are root (as check.sh does for Chromium), else stops with what to do.
set -euo pipefail
URL="${EXOCORP_TEST_PG_URL:-postgres://postgres@127.0.0.1:5432/postgres}"

answers() { node -e '
  const pg = require(process.argv[1]);
  const c = new pg.Client({ connectionString: process.argv[2], connectionTimeoutMillis: 3000 });
  c.connect().then(() => c.query("SELECT 1")).then(() => c.end()).then(() => process.exit(0), () => process.exit(1));
' "$(cd "$(dirname "$0")/../bff" && node -p 'require.resolve("pg")')" "$URL"; }

if answers; then exit 0; fi
if ! ls /etc/postgresql/*/main >/dev/null 2>&1; then
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
    echo "› installing Debian's postgresql for the PostgreSQL test run"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  else
    echo "✗ No PostgreSQL answers at $URL and it cannot be installed here (needs root and apt-get)." >&2
    echo "  Start one (trust auth for user postgres on 127.0.0.1:5432) or set EXOCORP_TEST_PG_URL, then run this again." >&2
    exit 1
  fi
fi
VERSION="$(ls /etc/postgresql | sort -V | tail -1)"
CONF="/etc/postgresql/$VERSION/main"
# The test run connects as postgres over TCP without a password, as on the project's machines.
if [[ -w "$CONF/pg_hba.conf" ]] && ! grep -q '^host all all 127.0.0.1/32 trust' "$CONF/pg_hba.conf"; then
  sed -i '1i host all all 127.0.0.1/32 trust\nhost all all ::1/128 trust' "$CONF/pg_hba.conf"
fi
echo "› starting PostgreSQL $VERSION"
pg_ctlcluster --skip-systemctl-redirect "$VERSION" main start 2>/dev/null || pg_ctlcluster --skip-systemctl-redirect "$VERSION" main reload || true
for _ in $(seq 1 30); do
  if answers; then exit 0; fi
  sleep 1
done
echo "✗ PostgreSQL $VERSION did not answer at $URL within 30 s; see /var/log/postgresql/." >&2
exit 1
