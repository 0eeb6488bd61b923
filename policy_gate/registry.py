"""The one list of detectors the engine loops over. Adding a detector: write a small
class with ``name``, ``grounds``, ``targets``, ``stage`` and ``detect``, and add it here."""

from __future__ import annotations

from policy_gate.detectors.alteration import Alteration
from policy_gate.detectors.base import Detector
from policy_gate.detectors.identity import AuthorImitation, SpeaksAsCity
from policy_gate.detectors.lexicon import LexiconPatterns, LexiconTerms
from policy_gate.detectors.links import Links
from policy_gate.detectors.personal import Addresses, Emails, PersonalNumbers
from policy_gate.detectors.posting import OfficialPosition
from policy_gate.stage2.templates import Templates

STAGE1: tuple[Detector, ...] = (
    LexiconTerms(), LexiconPatterns(), PersonalNumbers(), Emails(), Addresses(), Links(),
    AuthorImitation(), SpeaksAsCity(), Alteration(), OfficialPosition(),
)
#: stage 2 runs only when stage 1's cues call for one of its templates
STAGE2 = Templates()
REGISTRY: tuple[Detector, ...] = (*STAGE1, STAGE2)
