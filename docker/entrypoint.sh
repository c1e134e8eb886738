#!/bin/sh
# Container start: wait for the database, migrate, collect static files, then
# serve with gunicorn. With arguments it runs those instead, e.g.
#   docker compose run --rm web python manage.py createsuperuser
set -eu

cd "$(dirname "$0")/.."
export DJANGO_SETTINGS_MODULE="${DJANGO_SETTINGS_MODULE:-config.settings}"

if [ "$#" -gt 0 ]; then
    exec "$@"
fi

# The database container may still be starting: retry for up to 60 s, each
# attempt bounded by libpq's connect timeout. A broken configuration (e.g. a
# missing SECRET_KEY) is not retried and stops here.
PGCONNECT_TIMEOUT="${PGCONNECT_TIMEOUT:-5}" python - <<'EOF'
import sys
import time

import django

django.setup()

from django.db import connection
from django.db.utils import OperationalError

deadline = time.monotonic() + 60
while True:
    try:
        connection.ensure_connection()
        break
    except OperationalError as error:
        if time.monotonic() > deadline:
            sys.exit(f"entrypoint: database not reachable after 60 s: {error}")
        print("entrypoint: waiting for the database ...", file=sys.stderr)
        time.sleep(2)
EOF

python manage.py migrate --no-input
python manage.py collectstatic --no-input --verbosity 0

# CSV exports of a whole year can take a while: 120 s before a worker is killed.
# Worker heartbeats go to /dev/shm, not the container's overlay file system.
# No control socket: nothing uses gunicornc, and its default place ($HOME) is
# read-only here.
exec gunicorn config.wsgi:application \
    --bind "0.0.0.0:${PORT:-8000}" \
    --workers "${WEB_CONCURRENCY:-2}" \
    --timeout 120 \
    --graceful-timeout 30 \
    --access-logfile - \
    --error-logfile - \
    --worker-tmp-dir /dev/shm \
    --no-control-socket
