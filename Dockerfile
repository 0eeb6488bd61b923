FROM python:3.11-slim
ENV PYTHONUNBUFFERED=1 UV_PROJECT_ENVIRONMENT=/opt/venv PATH=/opt/venv/bin:$PATH
RUN pip install --no-cache-dir uv
WORKDIR /app
COPY pyproject.toml uv.lock README.md ./
COPY connectors connectors
COPY scheduler scheduler
COPY policy_gate policy_gate
COPY console console
COPY worker.py worker.py
RUN uv sync --frozen --no-dev
RUN useradd --system --home /var/lib/kohogate kohogate && mkdir -p /var/lib/kohogate \
    && chown kohogate /var/lib/kohogate
USER kohogate
CMD ["kohogate", "up"]
