import logging

from django.db import connection


class SchemaFilter(logging.Filter):
    """Adds the current schema to every log record, so a log line always names its tenant."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.schema = getattr(connection, "schema_name", "-")
        return True
