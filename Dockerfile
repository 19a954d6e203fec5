# syntax=docker/dockerfile:1
# Two stages: wheels are built with the compilers of the full image, the runtime gets only the installed result.
FROM python:3.11-slim AS build
# Point pip at a mirror if PyPI is not reachable from the build (docker build --build-arg PIP_INDEX_URL=...).
ARG PIP_INDEX_URL=https://pypi.org/simple
ARG PIP_EXTRA_INDEX_URL=
ENV PIP_INDEX_URL=${PIP_INDEX_URL} PIP_EXTRA_INDEX_URL=${PIP_EXTRA_INDEX_URL}
WORKDIR /src
COPY pyproject.toml README.md LICENSE ./
COPY bot ./bot
RUN pip wheel --no-cache-dir --wheel-dir /wheels .

FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DATA_DIR=/data \
    CONTENT_DIR=/content \
    HOST=0.0.0.0 \
    PORT=3000
RUN useradd --system --uid 10001 --home-dir /data --shell /usr/sbin/nologin insights \
    && mkdir -p /data /content \
    && chown insights:insights /data
COPY --from=build /wheels /wheels
RUN pip install --no-cache-dir --no-index --find-links /wheels insights-bot && rm -rf /wheels
# The shipped articles, so the image runs as-is; mount your own content/ over /content.
COPY --chown=insights:insights content /content
USER insights
WORKDIR /data
# DATA_DIR: the SQLite file (single-process shape), the vector cache (vectors/) and the model cache (models/).
VOLUME ["/data"]
EXPOSE 3000
# Liveness only (the process answers); /readyz is for load balancers. The scheduler has no HTTP port: its
# compose service disables this check.
HEALTHCHECK --interval=15s --timeout=3s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/healthz' % os.environ.get('PORT', '3000'), timeout=2)"]
STOPSIGNAL SIGTERM
CMD ["insights-bot", "serve"]
