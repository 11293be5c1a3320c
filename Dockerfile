# One copy of the app, as `make run` starts it, for those who deploy with containers.
# compose.yaml runs three of them behind nginx, the setup `make cluster` runs on one
# machine (README, "Running several copies").
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    STREAMLIT_BROWSER_GATHER_USAGE_STATS=false

WORKDIR /app
# The pinned requirements first: a change to the code alone reuses this layer.
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt

COPY . .
# The interface's catalogs compiled now (make catalogs); the app would otherwise
# compile them in memory at each start. The app writes its served files (static/) at
# start and on first load, so that folder belongs to the user it runs as.
RUN pybabel -q compile --directory storymap/locale \
    && useradd --system --no-create-home storymap \
    && chown -R storymap static
USER storymap

EXPOSE 8501
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=2)"]
CMD ["python", "-m", "streamlit", "run", "app.py", "--server.address", "0.0.0.0", "--server.port", "8501"]
