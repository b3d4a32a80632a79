"""The vocabulary files of `assistant/vocabulary/`: loaded once, validated on load.

Each file is tab-separated with a header line; every entry names its `source` (an official
indicator or document name, a dictionary sense, or administrative usage, never an evaluation
question). A file that breaks the rules raises `VocabularyError` naming the file and line, so a
bad edit stops the program at import instead of silently changing answers.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

FOLDER = Path(__file__).with_name("vocabulary")
MEMBER_SEPARATOR = " | "  # synonyms.tsv: the members of one group on one line


class VocabularyError(ValueError):
    """A vocabulary file is malformed (missing column, empty source, duplicate, not NFC …)."""


@dataclass(frozen=True)
class Schema:
    columns: tuple[str, ...]  # required, in this order; `source` always among them
    key: tuple[str, ...]      # no two lines share these values
    lower: tuple[str, ...]    # columns written in lower case


SCHEMAS = {
    "abbreviations": Schema(("key", "expansion", "source"), ("key",), ("key", "expansion")),
    "place_abbreviations": Schema(("key", "expansion", "source"), ("key",), ("key", "expansion")),
    "synonyms": Schema(("members", "source"), ("members",), ("members",)),
    "question_words": Schema(("list", "phrase", "source"), ("list", "phrase"), ("list", "phrase")),
    "units": Schema(("unit", "forms", "source"), ("unit",), ("unit", "forms")),
    "role_labels": Schema(("pattern", "label", "source"), ("pattern",), ("label",)),
    "contrasts": Schema(("group", "member", "spellings", "source"), ("group", "member"), ("group", "member", "spellings")),
}


def parse(name: str, text: str, schema: Schema) -> list[dict[str, str]]:
    """Validated rows of one file's text (`name` only labels the errors)."""
    lines = text.splitlines()
    if not lines:
        raise VocabularyError(f"{name}: empty file, expected a header of {', '.join(schema.columns)}")
    header = lines[0].split("\t")
    missing = [c for c in schema.columns if c not in header]
    if missing:
        raise VocabularyError(f"{name}:1: missing column(s) {', '.join(missing)}")
    rows: list[dict[str, str]] = []
    seen: dict[tuple[str, ...], int] = {}
    for n, line in enumerate(lines[1:], start=2):
        if not line.strip() or line.startswith("#"):
            continue
        row = _row(name, n, line, header, schema)
        key = tuple(row[c] for c in schema.key)
        if key in seen:
            raise VocabularyError(f"{name}:{n}: duplicate of line {seen[key]}: {' / '.join(key)}")
        seen[key] = n
        rows.append(row)
    return rows


def _row(name: str, n: int, line: str, header: list[str], schema: Schema) -> dict[str, str]:
    cells = line.split("\t")
    if len(cells) != len(header):
        raise VocabularyError(f"{name}:{n}: {len(cells)} cells, the header has {len(header)}")
    row = dict(zip(header, cells))
    for column in schema.columns:
        value = row[column]
        if not value.strip():
            raise VocabularyError(f"{name}:{n}: empty {column}")
        if value != value.strip() or "  " in value:
            raise VocabularyError(f"{name}:{n}: stray spaces in {column}: {value!r}")
        if unicodedata.normalize("NFC", value) != value:
            raise VocabularyError(f"{name}:{n}: {column} is not NFC: {value!r}")
        if column in schema.lower and value != value.lower():
            raise VocabularyError(f"{name}:{n}: {column} must be lower case: {value!r}")
    return row


@lru_cache(maxsize=None)
def digest(folder: Path | None = None) -> str:
    """A hash of every vocabulary file: an index records the vocabulary its words were read with,
    so a changed file (an abbreviation spelt out, a synonym added) re-reads every plan."""
    h = hashlib.sha256()
    for path in sorted((folder or FOLDER).glob("*.tsv")):
        h.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()[:16]


@lru_cache(maxsize=None)
def rows(name: str) -> tuple[dict[str, str], ...]:
    """The validated entries of `vocabulary/<name>.tsv`."""
    path = FOLDER / f"{name}.tsv"
    return tuple(parse(path.name, path.read_text(encoding="utf-8"), SCHEMAS[name]))


def mapping(name: str) -> dict[str, str]:
    """key -> expansion, for the abbreviation files."""
    return {row["key"]: row["expansion"] for row in rows(name)}


def groups(name: str = "synonyms") -> tuple[tuple[str, ...], ...]:
    """Synonym groups; a phrase may belong to one group only."""
    out: list[tuple[str, ...]] = []
    owner: dict[str, int] = {}
    for n, row in enumerate(rows(name)):
        members = tuple(row["members"].split(MEMBER_SEPARATOR))
        if len(members) < 2 or len(set(members)) != len(members):
            raise VocabularyError(f"{name}.tsv: a group needs two different members: {row['members']!r}")
        for m in members:
            if m in owner:
                raise VocabularyError(f"{name}.tsv: {m!r} is in two groups")
            owner[m] = n
        out.append(members)
    return tuple(out)


def kinds(name: str = "contrasts") -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    """(group, member, spellings) of each kind of a contrast group; a group needs two kinds."""
    entries = rows(name)
    out = []
    for row in entries:
        spellings = tuple(row["spellings"].split(MEMBER_SEPARATOR))
        if any(not s or s != s.strip() for s in spellings) or len(set(spellings)) != len(spellings):
            raise VocabularyError(f"{name}.tsv: spellings of {row['member']!r} must be distinct and non-empty")
        out.append((row["group"], row["member"], spellings))
    for group in {g for g, _, _ in out}:
        if sum(g == group for g, _, _ in out) < 2:
            raise VocabularyError(f"{name}.tsv: group {group!r} needs two kinds")
    return tuple(out)


def forms(name: str = "units") -> dict[str, tuple[str, ...]]:
    """unit -> the written forms that answer it, in file order (members separated by " | ")."""
    return unit_forms(name, rows(name))


def unit_forms(name: str, entries: tuple[dict[str, str], ...]) -> dict[str, tuple[str, ...]]:
    """The forms of each row split and checked (`name` only labels the errors)."""
    out: dict[str, tuple[str, ...]] = {}
    for row in entries:
        members = tuple(row["forms"].split(MEMBER_SEPARATOR))
        if any(m != m.strip() or not m for m in members) or len(set(members)) != len(members):
            raise VocabularyError(f"{name}.tsv: forms of {row['unit']!r} must be distinct and non-empty")
        out[row["unit"]] = members
    return out


def patterns(name: str = "role_labels") -> tuple[tuple[re.Pattern, str], ...]:
    """(compiled pattern, label) pairs; a pattern that does not compile stops the load."""
    return compiled(name, rows(name))


def compiled(name: str, entries: tuple[dict[str, str], ...]) -> tuple[tuple[re.Pattern, str], ...]:
    """Each row's pattern compiled with its label (`name` only labels the errors)."""
    out = []
    for row in entries:
        try:
            out.append((re.compile(row["pattern"]), row["label"]))
        except re.error as e:
            raise VocabularyError(f"{name}.tsv: pattern {row['pattern']!r} does not compile: {e}") from e
    return tuple(out)


def words(list_name: str, name: str = "question_words") -> tuple[str, ...]:
    """The phrases of one list of `question_words.tsv`, in file order."""
    found = tuple(row["phrase"] for row in rows(name) if row["list"] == list_name)
    if not found:
        raise VocabularyError(f"{name}.tsv: no entries for list {list_name!r}")
    return found
