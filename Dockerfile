# One image for the web server, the Celery worker and Celery beat (docker-compose.yml).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app
RUN groupadd --system portal && useradd --system --gid portal --home /app portal

COPY pyproject.toml README.md ./
RUN pip install .
COPY . .

# collectstatic needs settings that start, and they refuse a weak key with DEBUG off: a
# random throwaway key, used only for this command and kept nowhere.
RUN DEBUG=false SECRET_KEY=$(python -c 'import secrets; print(secrets.token_urlsafe(50))') \
    python manage.py collectstatic --noinput \
    && mkdir -p /app/media /app/private-media \
    && chown -R portal:portal /app/media /app/private-media

USER portal
EXPOSE 8000
CMD ["gunicorn", "ascn.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", \
     "--access-logfile", "-"]
