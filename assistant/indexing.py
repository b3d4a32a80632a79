"""Building the index from a corpus folder, incrementally.

Each file is identified by the SHA-256 of its bytes: a file whose hash is already in the live
index keeps its passages and embedding rows without being read or embedded again; new or
changed files are loaded, chunked and embedded; files gone from the folder leave the index.
"""
from __future__ import annotations

import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import numpy as np

from . import indicator_file, lexicon, store
from .chunking import chunk, clean_markup, last_line
from .embedding import Encoder
from .freshness import (DEFAULT_MAX_BYTES, BuildReport, FileReport, corpus_files, is_noop, live_files,
                        live_manifest, same_plan_report, sha256_file, shown_name, survey)
from .identity import FORMAT_RANK, same_plan
from .loading import LoadError, load_text, page_of
from .periods import document_period, own_years, passage_period
from .places import TITLE_CHARS, plan_kind, plan_place, plan_title, plan_years
from .sandbox import read_plan_bounded
from .store import DocRecord, PassageRecord
from .vietnamese import defined_abbreviations, folded_words, terms


# Re-exported: the page and uploads read these from here.
__all__ = ["BuildReport", "FileReport", "build_index", "corpus_files", "sha256_file", "shown_name"]


# Parts of an official document that people ask about by their role, not by their words:
# the number-and-date block and the signature block. General to Vietnamese administrative
# documents (Decree 30/2020 layout), not to any plan.
# The patterns live in assistant/vocabulary/role_labels.tsv.
ROLE_LABELS = lexicon.patterns("role_labels")


def role_labels(text: str) -> list[str]:
    return [label for pattern, label in ROLE_LABELS if pattern.search(text)]


def search_text(p: PassageRecord, footnotes: dict[str, str], referrers: dict[str, str],
                other_part: str = "", asked: str = "") -> str:
    """What retrieval sees of a passage: its text with the context that makes it findable
    (nearest headings, the table header, the row a sub-row belongs to, the footnotes it points to or the sentence that
    points to it, the other part of a paragraph a page break cut, the petition a reply answers).
    The citation itself stays the bare passage."""
    parts = [" / ".join(p.headings[-2:]), p.table_header, p.row_parent, clean_markup(p.text), other_part, asked]
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
    asked = {reply: clean_markup(passages[petition].text) for petition, reply in reply_pairs(passages)}
    defined = _defined_by_source(passages)
    out = []
    for n, p in enumerate(passages):
        fn = {m: footnotes[(p.source, m)] for m in p.markers if (p.source, m) in footnotes}
        ref = {p.footnote: referrers[(p.source, p.footnote)]} if (p.source, p.footnote) in referrers else {}
        text = search_text(p, fn, ref, other.get(n, ""), asked.get(n, ""))
        out.append(_with_defined(text, defined.get(p.source, {})))
    return out


def _defined_by_source(passages: list[PassageRecord]) -> dict[str, dict[str, str]]:
    """Per plan, the abbreviations it defines as it goes ("… xóa mù chữ (XMC)"): folded key ->
    its long form, folded."""
    texts: dict[str, list[str]] = {}
    for p in passages:
        texts.setdefault(p.source, []).append(p.text)
    out = {}
    for source, parts in texts.items():
        found = defined_abbreviations("\n\n".join(parts))
        if found:
            out[source] = {key: folded_words(long).strip() for key, long in found.items()}
    return out


def _with_defined(text: str, defined: dict[str, str]) -> str:
    """A passage writing an abbreviation its plan defined is found by the words it stands for, and
    one writing the words by the abbreviation ("XMC mức độ 2" by "xóa mù chữ")."""
    if not defined:
        return text
    words = folded_words(text)
    extra = [long if f" {key} " in words else key for key, long in defined.items()
             if f" {key} " in words or f" {long} " in words]
    return text if not extra else text + "\n" + " ".join(extra)


# Answers to voters' petitions ("Kiến nghị: Cử tri thôn A đề nghị làm đường …" then "Trả lời: Đã
# làm 1,2 km …"; also "Ý kiến:", "Câu hỏi:" / "Giải trình:", "Ý kiến trả lời:"): the reply gives
# the figures but names its subject only through the petition above it, so it is found by both.
_PETITION = re.compile(r"^\W*(?:\d+(?:\.\d+)*\.?\s*)?(?:nội\s+dung\s+)?(?:kiến\s+nghị|ý\s+kiến(?!\s+trả)|câu\s+hỏi|cử\s+tri)\b", re.I)
_REPLY = re.compile(r"^\W*(?:ý\s+kiến\s+)?(?:trả\s+lời|giải\s+trình|phúc\s+đáp)\b", re.I)


def reply_pairs(passages: list[PassageRecord]) -> list[tuple[int, int]]:
    """(petition, reply): a passage opening with a reply right after one opening with a petition."""
    return [(n - 1, n) for n, p in enumerate(passages)
            if n and p.kind in ("paragraph", "item") and _REPLY.match(clean_markup(p.text))
            and passages[n - 1].source == p.source and passages[n - 1].kind in ("paragraph", "item")
            and _PETITION.match(clean_markup(passages[n - 1].text))]


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
    title = plan_title(text) or next((clean_markup(c.text) for c in pieces if c.kind == "heading"), path.stem)
    kind = plan_kind(text)
    year, period = document_period(title, text[:TITLE_CHARS], kind)
    passages, lead, earlier, prev_end = [], "", "", -1
    for c in pieces:
        own = clean_markup(f"{c.table_header} {c.text}")  # a row's years are its columns'
        # a piece of a long paragraph is about the year its nearest earlier piece names
        # ("Năm 2023, … [cut] … số hộ dùng nước sạch đạt 96%")
        continues = 0 <= prev_end and c.start - prev_end <= 3 and "\n" not in text[prev_end:c.start]
        earlier = earlier if continues else ""
        # a list's items are about what its lead says ("Kết quả rà soát cuối năm 2023:")
        if c.kind != "item":
            last = clean_markup(last_line(c.text))
            lead = last if last.endswith(":") else ""
        context = [lead] if c.kind == "item" and lead else [earlier] if earlier else []
        years, part = passage_period(own, c.headings + context, year, period)
        earlier, prev_end = (own if own_years(own) else earlier), c.end
        passages.append(PassageRecord(source=path.name, start=c.start, end=c.end, text=c.text, kind=c.kind,
                                      headings=c.headings, table_header=c.table_header, table_unit=c.table_unit, row_parent=c.row_parent,
                                      footnote=c.footnote,
                                      markers=c.markers, page=page_of(loaded.page_starts, c.start),
                                      period_years=years, period=part))
    doc = DocRecord(source=path.name, sha256=sha, size=path.stat().st_size, method=loaded.method,
                    place_kind=place.kind if place else "", place_name=place.name if place else "",
                    plan_kind=kind, years=plan_years(text), title=title[:200],
                    page_starts=list(loaded.page_starts), n_passages=len(passages), period=period, year=year)
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
        known, same = ({}, {}) if rebuild else live_files(live_manifest(index_dir, *model_identity(encoder)))
        found = survey(corpus_files(corpus_dir), known, max_bytes, same)
        _orphaned_copies(found, same, corpus_dir)
        _read_again(found, reread, known, corpus_dir)
        for r in found.reports:
            note(r)
        # typed text first: of two copies of one plan, the better-read one is indexed
        to_read = sorted(found.to_read, key=lambda f: FORMAT_RANK.get(f[0].suffix.lower(), 9))
        unchanged = found.unchanged - set(same)
        copies = {n: {"sha256": known[n], "of": same[n]} for n in found.unchanged & set(same)}
        if is_noop(found, known):
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
            twin = same_plan(docs, doc)
            if twin is not None:  # the same plan in another format: indexed once
                copies[path.name] = {"sha256": sha, "of": twin.source}
                note(same_plan_report(path.name, twin.source))
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
            "vocabulary": lexicon.digest(),
            "model": {"name": name, "dim": dim,
                      "query_prefix": encoder.query_prefix if encoder else "",
                      "passage_prefix": encoder.passage_prefix if encoder else ""},
            "built_at": time.strftime("%Y-%m-%d %H:%M:%S"),
            "files": {d.source: d.sha256 for d in docs},
            "same_plan": copies,
            "passages": len(passages),
        }
        # before the swap prunes the live build; a build of another format or vocabulary (or a rebuild)
        # reads every plan's rows again, as it reads the plans
        table = indicator_file.table_for_build(index_dir, docs, passages, reuse=bool(known))
        indicator_file.save(store.write_build(index_dir, manifest, docs, passages, texts, embeddings, bm25), table)
    out.seconds = time.perf_counter() - t0
    return out


def _read_again(found, reread: frozenset[str], known: dict[str, str], corpus_dir: Path) -> None:
    """Unchanged files the caller asks to be read again (the page's "re-index") are read."""
    for name in sorted(found.unchanged & set(reread)):
        found.unchanged.discard(name)
        found.reports = [r for r in found.reports if r.source != name]
        found.to_read.append((corpus_dir / name, known[name]))


def _orphaned_copies(found, same: dict[str, str], corpus_dir: Path) -> None:
    """A copy whose indexed plan left the folder is read again, to be indexed in its place."""
    present = found.unchanged | {p.name for p, _ in found.to_read}
    for name in sorted(n for n in found.unchanged if n in same and same[n] not in present - set(same)):
        found.unchanged.discard(name)
        found.reports = [r for r in found.reports if r.source != name]
        path = corpus_dir / name
        found.to_read.append((path, sha256_file(path)))


def same_plan_in_index(path: Path, index_dir: Path) -> DocRecord | None:
    """For the page, before an upload joins the corpus: the indexed plan that this file is
    another copy of (same place, kind, period and title), or None. Reads the file (OCR of
    a scan is cached under the index, so indexing it afterwards does not read it again)."""
    build = store.current_build(index_dir)
    if build is None:
        return None
    try:
        docs = store.read_docs(build)
        doc, _, _ = read_plan_bounded(path, sha256_file(path), store.cache_dir(index_dir))
    except (LoadError, OSError, ValueError, TypeError):
        return None
    return same_plan(docs, doc)


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


def bm25_index(texts: list[str]):
    import bm25s
    index = bm25s.BM25()
    distinct = {t: terms(t) for t in dict.fromkeys(texts)}  # look-alike plans repeat passages
    index.index([distinct[t] for t in texts] or [[""]], show_progress=False)
    return index
