"""The one shape every detector has, and what it reports.

Like a Presidio recognizer, a detector is a small object: a name, the grounds it can
raise, the targets it reads (comments, posts or both), and ``detect(views, context)``.
The engine loops over one registry of them; adding a detector touches one file and the
registry, and a weak rule is demoted in the policy YAML (its ``action``), not in code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal, Protocol

from policy_gate.normalize import Normalized, View

if TYPE_CHECKING:
    from policy_gate.policy import Policy
    from policy_gate.scan import ScanResult

Action = Literal["hide", "review"]
Target = Literal["comment", "post"]
#: words between quotation marks, in the original text: a comment quoting someone (a claim
#: to be the city, the city's own post) rather than saying it
QUOTED = re.compile(r"[「『\"“][^」』\"”]{1,200}[」』\"”]")


@dataclass(frozen=True)
class Finding:
    """One match: a ground, where in the ORIGINAL text, how sure, and what it may do.

    ``action`` caps what the finding can cause: a ``review`` rule never hides however sure
    it is. ``severe`` marks a slur, a threat or personal data: the only things that may
    hide a comment whose target is the city itself."""

    ground: str
    detector: str
    start: int
    end: int
    confidence: float
    note: str | None = None
    action: Action = "hide"
    severe: bool = False
    #: in a post, words the post quotes in order to warn against them: never the city's own
    #: line, so at most a hold for the 所属長, whatever the rule would do with them
    quoted: bool = False

    @classmethod
    def in_view(cls, view: View, start: int, end: int, ground: str, detector: str,
                confidence: float, note: str | None = None, *, action: Action = "hide",
                severe: bool = False) -> Finding:
        first, last = view.span(start, end)
        return cls(ground, detector, first, last, confidence, note, action, severe)


@dataclass
class Context:
    """Everything a detector may read besides the text: the policy, who wrote it, what
    it replies to, and the stage-1 scan (lexicon and cue hits) shared by all."""

    target: Target
    policy: Policy
    scan: ScanResult
    author_name: str | None = None
    author_handle: str | None = None
    city_post_text: str | None = None
    extra: dict[str, object] = field(default_factory=dict)


class Detector(Protocol):
    """A small object with one job. ``grounds`` lists every ground it can raise, so the
    evaluation can tell which detector a miss or a false alarm belongs to."""

    name: str
    grounds: frozenset[str]
    targets: frozenset[Target]

    def detect(self, views: Normalized, context: Context) -> list[Finding]: ...
