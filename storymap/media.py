"""An event's media as a reader gets it: an image shown in place, or a labelled link.

Only an https image is shown in the page: an http one would be mixed content, and
a video or a post on another site cannot be shown without running that site's code.
Everything else is a link, labelled with what it is and where it is ("Video on
youtube.com"), that opens in a new tab. Whether an address is an image is read from
its path (its file's suffix) or its host, never by fetching it: the app makes no
request for it, the reader's browser does, and only to show it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal
from urllib.parse import urlsplit

from storymap.i18n import N_, _
from storymap.model import EventMedia
from storymap.schema import IMAGE_HOSTS, IMAGE_SUFFIXES
from storymap.text import safe_link

# What a link says it leads to, by the site it is on (the host or a subdomain of it).
_SITE_KINDS = {
    "youtube.com": "video",
    "youtu.be": "video",
    "vimeo.com": "video",
    "x.com": "post",
    "twitter.com": "post",
}
_VIDEO_SUFFIXES = (".mp4", ".webm", ".ogv", ".mov")
# A link's words for each kind, a whole phrase each: "Video on youtube.com".
_LINK_WORDS = {
    "video": N_("Video on {site}"),
    "post": N_("Post on {site}"),
    "image": N_("Image on {site}"),
    "media": N_("Media on {site}"),
}


@dataclass(frozen=True)
class ShownMedia:
    """How a reader gets an event's media: an image in place, or a link."""

    kind: Literal["image", "link"]
    url: str  # an http(s) address, checked
    label: str  # the link's words; for an image, its alternative text
    caption: str  # "caption — credit", or empty


def is_image_address(url: str) -> bool:
    """Whether ``url`` names an image: by its path's suffix, case aside, or its host."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    return parts.path.lower().endswith(IMAGE_SUFFIXES) or host in IMAGE_HOSTS


def shown_media(media: EventMedia | None) -> ShownMedia | None:
    """How ``media`` is shown: an https image in place, anything else http(s) as a link;
    None when there is none, or its address is not http(s)."""
    if media is None:
        return None
    url = safe_link(media.url)
    if url is None:
        return None
    if urlsplit(url).scheme == "https" and is_image_address(url):
        return ShownMedia("image", url, media.alt, media.caption_line)
    return ShownMedia("link", url, link_label(url), media.caption_line)


def link_label(url: str) -> str:
    """What a media link says, in the reader's language: "Video on youtube.com",
    "Post on x.com", "Media on …"."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower().removeprefix("www.")
    kind = next(
        (kind for site, kind in _SITE_KINDS.items() if host == site or host.endswith("." + site)),
        None,
    )
    if kind is None:
        path = parts.path.lower()
        kind = (
            "video"
            if path.endswith(_VIDEO_SUFFIXES)
            else "image"
            if path.endswith(IMAGE_SUFFIXES)
            else "media"
        )
    return _(_LINK_WORDS[kind]).format(site=host)
