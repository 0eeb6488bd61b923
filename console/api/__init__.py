"""The REST API: the console's pages as JSON under ``/api/v1``, for personal tokens."""
