"""Whole-word phrase matching, for packages beyond analysis (role-play, prep) that match word lists.

The public face of ``analysis._match``: a phrase list becomes one cached regex in which the longest
phrase wins and a trailing ``*`` matches any word ending.
"""

from starcoach.analysis._match import compile_phrases, find_in_text

__all__ = ["compile_phrases", "find_in_text"]
