"""Building the index from a corpus folder, incrementally.

Each file is identified by the SHA-256 of its bytes: a file whose hash is already in the live
index keeps its passages and embedding rows without being read or embedded again; new or
changed files are loaded, chunked and embedded; files gone from the folder leave the index.
"""
from __future__ import annotations

import hashlib
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import bm25s
import numpy as np

from . import indicator_file, store
from .chunking import chunk, clean_markup
from .embedding import Encoder
from .loading import SUPPORTED_SUFFIXES, LoadError, load_text, page_of
from .places import plan_kind, plan_place, plan_title, plan_years
from .sandbox import read_plan_bounded
from .store import DocRecord, PassageRecord
from .vietnamese import terms

DEFAULT_MAX_BYTES = 50 * 1024 * 1024


@dataclass
class FileReport:
    source: str
    status: str  # indexed, unchanged, removed, skipped
    detail: str = ""

    def line(self) -> str:
        return f"{self.status:9s} {self.source}" + (f"  ({self.detail})" if self.detail else "")


@dataclass
class BuildReport:
    files: list[FileReport] = field(default_factory=list)
    passages: int = 0
    embedded: int = 0
    seconds: float = 0.0

    @property
    def skipped(self) -> list[FileReport]:
        return [f for f in self.files if f.status == "skipped"]


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def corpus_files(corpus_dir: Path) -> list[Path]:
    """Every visible regular file of the folder (unsupported ones are reported, not hidden)."""
    return sorted(p for p in corpus_dir.iterdir() if p.is_file() and not p.name.startswith((".", "~$")))


# Parts of an official document that people ask about by their role, not by their words:
# the number-and-date block and the signature block. General to Vietnamese administrative
# documents (Decree 30/2020 layout), not to any plan.
ROLE_LABELS = (
    (re.compile(r"^\W*Số\s*:", re.M), "số hiệu văn bản, ngày ban hành"),
    (re.compile(r"\b(?:TM|KT)\.\s|CHỦ TỊCH"), "người ký văn bản"),
)


def role_labels(text: str) -> list[str]:
    return [label for pattern, label in ROLE_LABELS if pattern.search(text)]


def search_text(p: PassageRecord, footnotes: dict[str, str], referrers: dict[str, str],
                other_part: str = "") -> str:
    """What retrieval sees of a passage: its text with the context that makes it findable
    (nearest headings, the table header, the footnotes it points to or the sentence that
    points to it, the other part of a paragraph a page break cut). The citation itself stays
    the bare passage."""
    parts = [" / ".join(p.headings[-2:]), p.table_header, clean_markup(p.text), other_part]
    if p.kind in ("heading", "paragraph") and len(p.text) < 300:
        parts += role_labels(p.text)
    parts += [footnotes[m] for m in p.markers if m in footnotes]
    if p.footnote and p.footnote in referrers:
        parts.append(referrers[p.footnote])
    return "\n".join(x for x in parts if x)


def search_texts(passages: list[PassageRecord]) -> list[str]:
    footnotes: dict[tuple[str, str], str] = {}
    referrers: dict[tuple[str, str], str] = {}
    for p in passages:
        if p.footnote:
            footnotes[(p.source, p.footnote)] = clean_markup(p.text)
        for m in p.markers:
            referrers.setdefault((p.source, m), clean_markup(p.text))
    other = {}
    for first, rest in page_break_parts(passages):
        other[first], other[rest] = clean_markup(passages[rest].text), clean_markup(passages[first].text)
    out = []
    for n, p in enumerate(passages):
        fn = {m: footnotes[(p.source, m)] for m in p.markers if (p.source, m) in footnotes}
        ref = {p.footnote: referrers[(p.source, p.footnote)]} if (p.source, p.footnote) in referrers else {}
        out.append(search_text(p, fn, ref, other.get(n, "")))
    return out


# A paragraph cut by a page break of the source PDF: its first part stops mid-sentence (no
# closing punctuation), the page's footnotes may come between, and the rest starts in lower case
# or with a figure ("… Trường giữ" / "¹³ …" / "vững đạt chuẩn …", "… có" / "400 vận động viên
# tham dự"). Each part is found by the words of the other.
_OPEN_END = re.compile(r"[\w,\-–]$")


def page_break_parts(passages: list[PassageRecord]) -> list[tuple[int, int]]:
    pairs = []
    for n, p in enumerate(passages):
        if p.kind not in ("paragraph", "item") or not _OPEN_END.search(p.text.rstrip()):
            continue
        m = n + 1
        while m < len(passages) and passages[m].source == p.source and passages[m].footnote:
            m += 1
        if m == len(passages) or passages[m].source != p.source or passages[m].kind != "paragraph":
            continue
        rest = passages[m]
        if rest.start > p.end and (rest.text[:1].islower() or rest.text[:1].isdigit()):  # pieces of one long paragraph overlap
            pairs.append((n, m))
    return pairs


def read_plan(path: Path, sha: str, cache: Path, progress=None) -> tuple[DocRecord, list[PassageRecord], str]:
    loaded = load_text(path, cache_dir=cache, progress=progress)
    text = loaded.text
    place = plan_place(text)
    pieces = chunk(text)
    passages = [PassageRecord(source=path.name, start=c.start, end=c.end, text=c.text, kind=c.kind,
                              headings=c.headings, table_header=c.table_header, footnote=c.footnote,
                              markers=c.markers, page=page_of(loaded.page_starts, c.start))
                for c in pieces]
    title = plan_title(text) or next((clean_markup(c.text) for c in pieces if c.kind == "heading"), path.stem)
    doc = DocRecord(source=path.name, sha256=sha, size=path.stat().st_size, method=loaded.method,
                    place_kind=place.kind if place else "", place_name=place.name if place else "",
                    plan_kind=plan_kind(text), years=plan_years(text), title=title[:200],
                    page_starts=list(loaded.page_starts), n_passages=len(passages))
    return doc, passages, text


@dataclass
class _Previous:
    docs: dict[str, DocRecord]
    passages: dict[str, list[PassageRecord]]
    rows: dict[str, np.ndarray]
    texts: dict[str, str]


def _load_previous(index_dir: Path, encoder: Encoder | None) -> _Previous | None:
    build = store.current_build(index_dir)
    if build is None:
        return None
    try:
        manifest = store.read_manifest(build)
        store.check_compatible(manifest, *model_identity(encoder))
        docs = store.read_docs(build)
        passages = store.read_passages(build)
        emb = store.read_embeddings(build)
    except (store.IndexUnusable, OSError, ValueError, TypeError):
        return None  # not reusable: everything is read again
    by_source: dict[str, list[int]] = {}
    for i, p in enumerate(passages):
        by_source.setdefault(p.source, []).append(i)
    rows = {s: (emb[ix] if emb is not None else None) for s, ix in by_source.items()}
    return _Previous(docs={d.source: d for d in docs},
                     passages={s: [passages[i] for i in ix] for s, ix in by_source.items()},
                     rows=rows,
                     texts={d.source: store.read_text(build, n) for n, d in enumerate(docs)})


def _previous_hashes(index_dir: Path, encoder: Encoder | None) -> dict[str, str]:
    """Content hash of each file of the live build, if that build can be reused."""
    build = store.current_build(index_dir)
    if build is None:
        return {}
    try:
        manifest = store.read_manifest(build)
        store.check_compatible(manifest, *model_identity(encoder))
    except store.IndexUnusable:
        return {}
    return dict(manifest.get("files", {}))


def _previous_passage_count(index_dir: Path) -> int:
    return int(store.read_manifest(store.current_build(index_dir)).get("passages", 0))


def model_identity(encoder: Encoder | None) -> tuple[str, int]:
    return (encoder.name, encoder.dim) if encoder else ("none", 0)


def build_index(corpus_dir: Path, index_dir: Path, encoder: Encoder | None, rebuild: bool = False,
                report: Callable[[FileReport], None] | None = None, max_bytes: int = DEFAULT_MAX_BYTES,
                progress: Callable[[str, int, int, str], None] | None = None,
                reread: frozenset[str] = frozenset()) -> BuildReport:
    """Bring the index in line with the corpus folder. `report` hears one line per file as it
    is decided; `progress(source, done, total, message)` hears long reads (OCR pages);
    files named in `reread` are read again though unchanged (the page's "re-index")."""
    t0 = time.perf_counter()
    out = BuildReport()
    say = report or (lambda r: None)

    def note(r: FileReport) -> None:
        out.files.append(r)
        say(r)

    with store.build_lock(index_dir):
        known = {} if rebuild else _previous_hashes(index_dir, encoder)
        seen_hash: dict[str, str] = {}
        to_read: list[tuple[Path, str]] = []
        unchanged: set[str] = set()
        for path in corpus_files(corpus_dir):
            decision = _decide(path, max_bytes, seen_hash)
            if isinstance(decision, FileReport):
                note(decision)
                continue
            seen_hash[decision] = path.name
            if known.get(path.name) == decision and path.name not in reread:
                unchanged.add(path.name)
                note(FileReport(path.name, "unchanged"))
            else:
                to_read.append((path, decision))
        if known and not to_read and unchanged == set(known):
            store.prune_builds(index_dir, keep=store.current_build(index_dir))  # leftovers of killed builds
            out.passages = _previous_passage_count(index_dir)
            out.seconds = time.perf_counter() - t0
            return out  # nothing to do: the live build already is this corpus
        prev = _load_previous(index_dir, encoder) if unchanged else None
        cache = store.cache_dir(index_dir)
        docs: list[DocRecord] = []
        passages: list[PassageRecord] = []
        texts: dict[str, str] = {}
        kept_rows: list[tuple[int, np.ndarray]] = []
        new_from = []  # (offset in passages, count) of passages to embed
        for source in sorted(unchanged):
            docs.append(prev.docs[source])
            kept_rows.append((len(passages), prev.rows.get(source)))
            passages.extend(prev.passages.get(source, []))
            texts[source] = prev.texts[source]
        for path, sha in to_read:
            try:
                cb = (lambda d, t, m, _n=path.name: progress(_n, d, t, m)) if progress else None
                doc, new_passages, text = read_plan_bounded(path, sha, cache, cb)  # child process, limits
            except LoadError as exc:
                note(FileReport(path.name, "skipped", str(exc)))
                continue
            except Exception as exc:  # a broken file must never stop the others
                note(FileReport(path.name, "skipped", f"unreadable: {type(exc).__name__}: {exc}"[:200]))
                continue
            if not new_passages:  # only invisible characters (a BOM, zero-width spaces)
                note(FileReport(path.name, "skipped", "the file holds no text"))
                continue
            new_from.append((len(passages), len(new_passages)))
            docs.append(doc)
            passages.extend(new_passages)
            texts[path.name] = text
            note(FileReport(path.name, "indexed", f"{len(new_passages)} passages, {doc.place_label or 'place unknown'}"))
        for source in sorted(set(known) - {d.source for d in docs} - {f.source for f in out.files}):
            note(FileReport(source, "removed"))
        contexts = search_texts(passages)
        embeddings = _embeddings(encoder, contexts, kept_rows, new_from)
        out.embedded = sum(n for _, n in new_from)
        out.passages = len(passages)
        bm25 = bm25_index(contexts)
        name, dim = model_identity(encoder)
        manifest = {
            "format_version": store.FORMAT_VERSION,
            "tokenizer": store.TOKENIZER,
            "model": {"name": name, "dim": dim,
                      "query_prefix": encoder.query_prefix if encoder else "",
                      "passage_prefix": encoder.passage_prefix if encoder else ""},
            "built_at": time.strftime("%Y-%m-%d %H:%M:%S"),
            "files": {d.source: d.sha256 for d in docs},
            "passages": len(passages),
        }
        table = indicator_file.table_for_build(index_dir, docs, passages)  # before the swap prunes the live build
        indicator_file.save(store.write_build(index_dir, manifest, docs, passages, texts, embeddings, bm25), table)
    out.seconds = time.perf_counter() - t0
    return out


def _decide(path: Path, max_bytes: int, seen_hash: dict[str, str]) -> str | FileReport:
    """The file's hash, or the report of why it is skipped before reading it."""
    name = shown_name(path)
    if name != path.name:  # the index stores names as UTF-8
        return FileReport(name, "skipped", "the file name is not valid UTF-8 (an old program wrote it); rename the file")
    if path.suffix.lower() not in SUPPORTED_SUFFIXES:
        return FileReport(name, "skipped", f"unsupported file type '{path.suffix or '(none)'}'")
    try:
        size = path.stat().st_size
        if size == 0:
            return FileReport(name, "skipped", "empty file")
        if size > max_bytes:
            return FileReport(name, "skipped", f"{_mb(size)} MB, larger than the limit of {_mb(max_bytes)} MB")
        sha = sha256_file(path)
    except OSError as exc:  # gone or locked since the folder was listed
        return FileReport(name, "skipped", f"cannot be read ({exc.strerror or type(exc).__name__})")
    if sha in seen_hash:
        return FileReport(name, "skipped", f"same content as {seen_hash[sha]}")
    return sha


def shown_name(path: Path) -> str:
    """The file name as text; bytes that are not UTF-8 show as U+FFFD."""
    return path.name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _mb(size: int) -> str:
    return f"{round(size / (1024 * 1024), 2):g}"


def _embeddings(encoder: Encoder | None, texts: list[str],
                kept_rows: list[tuple[int, np.ndarray | None]], new_from: list[tuple[int, int]]) -> np.ndarray | None:
    if encoder is None:
        return None
    matrix = np.zeros((len(texts), encoder.dim), dtype=np.float32)
    for at, rows in kept_rows:
        if rows is not None:
            matrix[at:at + len(rows)] = rows
    todo = [i for at, n in new_from for i in range(at, at + n)]
    # identical passages (look-alike plans repeat whole sentences) are embedded once
    unique = list(dict.fromkeys(texts[i] for i in todo))
    vectors = dict(zip(unique, encoder.encode_passages(unique))) if unique else {}
    for i in todo:
        matrix[i] = vectors[texts[i]]
    return matrix


def bm25_index(texts: list[str]) -> bm25s.BM25:
    index = bm25s.BM25()
    distinct = {t: terms(t) for t in dict.fromkeys(texts)}  # look-alike plans repeat passages
    index.index([distinct[t] for t in texts] or [[""]], show_progress=False)
    return index
