# syntax=docker/dockerfile:1
# Production image: gunicorn serving the app from /app, static files through
# WhiteNoise, settings from the environment (see .env.example).
#
#   docker build -t dinsos .
#   docker compose up -d        # with PostgreSQL, see docker-compose.yml

# --- Build stage: dependencies, the project and compiled translations --------
FROM python:3.13-slim AS build

ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_ROOT_USER_ACTION=ignore

# gettext's msgfmt compiles the .po catalogs; it stays in this stage only.
RUN apt-get update \
    && apt-get install -y --no-install-recommends gettext \
    && rm -rf /var/lib/apt/lists/*

RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH

WORKDIR /src

# Dependencies first, read from pyproject.toml, so a code change does not
# reinstall them.
COPY pyproject.toml ./
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" \
        > /tmp/requirements.txt \
    && pip install -r /tmp/requirements.txt

COPY . .
# The project itself (metadata and entry in site-packages); the app still runs
# from /app, where templates/, static/, locale/ and the fixtures live.
RUN pip install --no-deps . \
    && rm -rf build *.egg-info \
    && find . -name '*.po' -exec sh -c 'msgfmt --check-format -o "${1%.po}.mo" "$1"' _ {} \; \
    && python -m compileall -q --invalidation-mode checked-hash config core cases trainings venues \
    && chmod 0755 docker/entrypoint.sh docker/healthcheck.py

# --- Runtime stage -----------------------------------------------------------
FROM python:3.13-slim

# Pango is what WeasyPrint needs to render the PDF letters.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 \
    && rm -rf /var/lib/apt/lists/*

# A fixed numeric id, so orchestrators can verify runAsNonRoot.
RUN groupadd --system --gid 10001 app \
    && useradd --system --uid 10001 --gid app --home-dir /app --no-create-home --shell /usr/sbin/nologin app

ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONPATH=/app \
    DJANGO_SETTINGS_MODULE=config.settings \
    DEBUG=0 \
    PORT=8000 \
    STATIC_ROOT=/app/staticfiles \
    MEDIA_ROOT=/app/private-media

COPY --from=build /opt/venv /opt/venv
# The code stays root-owned (read-only for the app user); only the static
# output and the private documents are writable. A named volume mounted on
# /app/private-media starts with this directory's owner.
COPY --from=build /src /app
RUN mkdir -p /app/staticfiles /app/private-media \
    && chown app:app /app/staticfiles /app/private-media \
    && chmod 0750 /app/private-media

WORKDIR /app
USER 10001:10001

EXPOSE 8000

HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "/app/docker/healthcheck.py"]

ENTRYPOINT ["/app/docker/entrypoint.sh"]
