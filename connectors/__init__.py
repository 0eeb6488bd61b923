"""Platform connectors, one file per platform, all of the shape in :mod:`connectors.base`.

Adding a platform is one new file and one line in ``_REGISTRY``. Classes are imported
lazily so that a worker that only runs the mock never imports instagrapi or tweepy.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from connectors.base import Connector

_REGISTRY: dict[str, str] = {
    "mock": "connectors.mock:MockConnector",
    "x": "connectors.x:XConnector",
    "facebook": "connectors.facebook:FacebookConnector",
    "instagram": "connectors.instagram:InstagramConnector",
    "instagrapi": "connectors.instagrapi_client:InstagrapiConnector",
}

PLATFORMS: tuple[str, ...] = tuple(_REGISTRY)


def connector_class(platform: str) -> type[Connector]:
    """The connector class for a platform id; ``KeyError`` names the known ones."""
    try:
        target = _REGISTRY[platform]
    except KeyError:
        raise KeyError(f"unknown platform {platform!r}; known: {', '.join(PLATFORMS)}") from None
    module_name, _, class_name = target.partition(":")
    return getattr(import_module(module_name), class_name)
