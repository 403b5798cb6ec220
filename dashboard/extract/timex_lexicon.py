"""Regex helpers for the temporal tagger's word tables (the words themselves are data files in
dashboard/resources/timex/<language>/words/).

Fragments avoid nested unbounded repetition so that every pattern runs in linear time.
"""

from __future__ import annotations

import re


def word_set(text: str) -> frozenset[str]:
    """Whitespace-separated words as a set: long word lists stay readable in the source."""
    return frozenset(text.split())


def trie_pattern(words: list[str] | set[str] | frozenset[str]) -> str:
    """A regex matching exactly ``words``, factored by shared prefixes.

    Python's regex engine tries alternatives one by one; a prefix tree makes each position
    cost one branch per letter instead of one per word. Longer words are preferred where one
    word is a prefix of another.
    """
    tree: dict = {}
    for word in words:
        node = tree
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    return _trie_regex(tree)


def _trie_regex(node: dict) -> str:
    branches = [re.escape(ch) + _trie_regex(child) for ch, child in sorted(node.items()) if ch]
    if not branches:
        return ""
    if "" in node:  # a word ends here and longer words go on
        return f"(?:{'|'.join(branches)})?"
    return branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"
