"""Free text to a proposed work record (issue 16): rule-based, offline, words as data."""

from policy.freetext.people import Ambiguity, Caller, ClassRef, StudentRef, class_aliases
from policy.freetext.reader import Proposal, read

__all__ = ["Ambiguity", "Caller", "ClassRef", "Proposal", "StudentRef", "class_aliases", "read"]
