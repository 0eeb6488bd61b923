"""Links (第4.5(10), (13), and (9) for look-alikes of the city's own domain).

Public bodies' domains (go.jp, lg.jp, the city's own) are never flagged. An executable or
app package is harmful (10); a blocklisted domain is (13); a link shortener hides where it
goes, so it is a reason to look, not to hide; a domain that imitates the city's is posing
as the city (9).
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from policy_gate.detectors.finding import Finding
from policy_gate.normalize import LEET, Normalized
from policy_gate.policy import Policy

URL = re.compile(
    r"(?:h(?:tt|xx)ps?\s*:\s*/\s*/\s*|www\.)[^\s<>\"'「」（）()]{1,400}"
    r"|(?<![a-z0-9@.-])(?:[a-z0-9-]{1,63}\.){1,8}(?:com|net|org|info|biz|xyz|top|site|online"
    r"|click|link|app|io|ly|gl|gd|co|me|ru|cn|tk|jp)(?:/[^\s<>\"'「」（）()]{0,400})?"
    r"(?![a-z0-9-])"
)
SCHEME = re.compile(r"^h(?:tt|xx)ps?\s*:\s*/\s*/\s*")


def host_and_path(url: str) -> tuple[str, str]:
    bare = SCHEME.sub("", url)
    host, _, path = bare.partition("/")
    host = host.split("@")[-1].split(":")[0].strip(".").lower()
    return host, "/" + path


def is_public(host: str, policy: Policy) -> bool:
    return host.endswith(tuple("." + s for s in policy.allow_domain_suffixes)) or any(
        host == d or host.endswith("." + d) for d in policy.city_domains)


def imitates_city(host: str, policy: Policy) -> bool:
    """Close to one of the city's domains without being one (clty.mine.lg.jp.xyz,
    mine-city-lg.jp …), read with look-alike letters folded."""
    folded = host.translate(LEET).replace("-", ".")
    for domain in policy.city_domains:
        target = domain.translate(LEET)
        if target in folded or SequenceMatcher(None, folded, target).ratio() >= 0.8:
            return True
    return False


def detect(text: Normalized, policy: Policy) -> list[Finding]:
    found: list[Finding] = []
    view = text.base
    for match in URL.finditer(view.text):
        host, path = host_and_path(match.group())
        if not host or is_public(host, policy):
            continue
        start, end = match.start(), match.end()
        clean_path = path.split("?")[0].split("#")[0].lower()
        if clean_path.endswith(policy.executable_extensions):
            found.append(Finding.in_view(view, start, end, "malware", "links.executable",
                                         0.97, "実行ファイル・アプリのダウンロード"))
        elif host in policy.blocked_domains or any(host.endswith("." + d)
                                                   for d in policy.blocked_domains):
            found.append(Finding.in_view(view, start, end, "other", "links.blocklist", 0.95,
                                         "ブロックリストのドメイン"))
        elif imitates_city(host, policy):
            found.append(Finding.in_view(view, start, end, "impersonation", "links.lookalike",
                                         0.93, "市のドメインに似せたドメイン"))
        elif host in policy.shorteners:
            found.append(Finding.in_view(view, start, end, "other", "links.shortener", 0.55,
                                         "短縮URL（リンク先不明）"))
    return found
