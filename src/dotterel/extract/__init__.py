"""extract: event mentions from a dependency parse.

``extract_sentence(sent, lexicon)`` finds the triggers (verbal, phrasal, light-verb and
nominal) with the heads of their actor and recipient phrases; ``analyse(trigger, cues)`` reads
the claim status and the claimant.  Codes (actors, dates, places) are looked up afterwards by
``dotterel.coder``.
"""

from dotterel.extract.arguments import np_span
from dotterel.extract.status import Cues, StatusInfo, analyse, build_cues
from dotterel.extract.triggers import Mention, extract_sentence

__all__ = [
    "Cues", "Mention", "StatusInfo", "analyse", "build_cues", "extract_sentence", "np_span",
]
