# The archive's image: the package and its static files; docker-compose.yml runs it.
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app
COPY . /app
RUN pip install --no-cache-dir . \
    && DEBUG=0 SECRET_KEY=build-only python manage.py collectstatic --no-input -v0
EXPOSE 8000
CMD ["gunicorn", "archive.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--threads", "2", "--worker-class", "gthread"]
