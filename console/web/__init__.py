"""The operator console: server-rendered pages in Japanese (English per person)."""
