# BrokerEco for a firm's own server: the same pinned install CI runs (packages.txt, requirements.txt).
# Build: docker build -t brokereco .   Run with PostgreSQL: docker compose up (see compose.yaml, README).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DEBIAN_FRONTEND=noninteractive BROKERECO_DATA_DIR=/app/data

WORKDIR /app
# system packages: exactly the list Streamlit Community Cloud and .ci/run install
COPY packages.txt .
RUN apt-get update -qq \
    && apt-get install -y -qq --no-install-recommends $(grep -v '^#' packages.txt | xargs) \
    && rm -rf /var/lib/apt/lists/*
# Python packages: the exact pins (uv-compiled from pyproject.toml), nothing resolved at build time
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt

COPY . .
RUN useradd --create-home --uid 10001 brokereco && mkdir -p /app/data && chown brokereco /app/data
USER brokereco
# only used when no BROKERECO_DATABASE_URL is set: keep it on a volume, or it is lost with the container
VOLUME ["/app/data"]
EXPOSE 8501
HEALTHCHECK --interval=30s --timeout=5s CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=4)"
CMD ["streamlit", "run", "app.py", "--server.address=0.0.0.0", "--server.port=8501", "--server.headless=true"]
