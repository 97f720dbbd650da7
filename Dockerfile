# One image for the API (`diplograph serve`) and the workers (`diplograph worker`).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 \
    DIPLOGRAPH_DATA_DIR=/data DIPLOGRAPH_HOST=0.0.0.0 DIPLOGRAPH_PORT=8000

WORKDIR /srv/diplograph
# The CPU build of torch first (the default wheel pulls CUDA libraries).
RUN python -m pip install torch==2.13.0 --index-url https://download.pytorch.org/whl/cpu
COPY pyproject.toml README.md ./
COPY app ./app
COPY graph ./graph
COPY ingest ./ingest
RUN python -m pip install . && useradd --create-home --uid 10001 diplograph \
    && mkdir -p /data && chown diplograph /data
USER diplograph
VOLUME ["/data"]
EXPOSE 8000
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s \
    CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/health', timeout=4)"
CMD ["diplograph", "serve"]
