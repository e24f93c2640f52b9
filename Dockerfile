# One replica of the playground: `docker build -t playground . && docker run -p 8501:8501 playground`.
# For a class, run several behind a load balancer with sticky sessions (deploy/, README "Serving a
# class"). A replica that exits comes back with Docker's restart policy:
# `docker run -d --restart unless-stopped -p 8501:8501 playground`. Docker only marks a container
# that fails its HEALTHCHECK "unhealthy" and does not restart it (Kubernetes' liveness probe,
# deploy/k8s/deployment.yaml, does). Not built on the development machines (no Docker daemon
# there); its command is tested outside Docker (tests/test_deploy.py).
# The server's settings are in .streamlit/config.toml.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 \
    OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1
RUN useradd --create-home --uid 1000 playground
WORKDIR /app

# The same install steps as the Makefile's `run` target: a venv with the lock requirements.txt
# (exact versions, every file's hash checked).
COPY requirements.txt .
RUN python3 -m venv /app/.venv \
    && /app/.venv/bin/python -m pip install -q --upgrade pip \
    && /app/.venv/bin/python -m pip install -q --require-hashes -r requirements.txt
COPY --chown=playground:playground . .

USER playground
EXPOSE 8501
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
    CMD python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=2)"
CMD ["/app/.venv/bin/streamlit", "run", "app.py", "--server.headless", "true", \
     "--server.port", "8501", "--server.address", "0.0.0.0"]
