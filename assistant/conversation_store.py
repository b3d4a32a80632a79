"""Conversations kept on this machine: SQLite beside the index (`INDEX/conversations.sqlite`),
one row per conversation and one per question asked, so a reload, or a link with
`?c=<id>`, brings the conversation back. Answers are stored as JSON of their dataclasses."""
from __future__ import annotations

import dataclasses
import json
import sqlite3
import time
import uuid
from contextlib import closing
from pathlib import Path

from .answering import Answer, Citation

FILE = "conversations.sqlite"
TITLE_CHARS = 60
SCHEMA = """
CREATE TABLE IF NOT EXISTS conversation (id TEXT PRIMARY KEY, title TEXT NOT NULL, created REAL NOT NULL,
                                         updated REAL NOT NULL);
CREATE TABLE IF NOT EXISTS turn (conversation TEXT NOT NULL REFERENCES conversation(id), n INTEGER NOT NULL,
                                 question TEXT NOT NULL, answer TEXT NOT NULL, created REAL NOT NULL,
                                 PRIMARY KEY (conversation, n));
"""


def answer_to_json(answer: Answer) -> str:
    return json.dumps(dataclasses.asdict(answer), ensure_ascii=False)


def _known_fields(cls, data: dict) -> dict:
    """Only the fields the dataclass has now: an answer saved by an older version still loads."""
    names = {f.name for f in dataclasses.fields(cls)}
    return {k: v for k, v in data.items() if k in names}


def answer_from_json(text: str) -> Answer:
    data = _known_fields(Answer, json.loads(text))
    for key in ("citations", "related"):
        data[key] = [Citation(**_known_fields(Citation, c)) for c in data.get(key, [])]
    return Answer(**data)


def title_of(question: str) -> str:
    """A conversation is listed by its first question, cut at a word."""
    q = " ".join(question.split())
    return q if len(q) <= TITLE_CHARS else q[:TITLE_CHARS].rsplit(" ", 1)[0] + " …"


class ConversationStore:
    """One short-lived connection per call: Streamlit runs each session in its own thread."""

    def __init__(self, path: Path):
        self.path = Path(path)

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(self.path, timeout=10)
        db.executescript(SCHEMA)
        return db

    def new_id(self) -> str:
        return uuid.uuid4().hex[:16]

    def add_turn(self, conversation: str, question: str, answer: Answer) -> int:
        """Save one question and its answer; the conversation is created by its first."""
        now = time.time()
        with closing(self._connect()) as db, db:
            db.execute("INSERT OR IGNORE INTO conversation VALUES (?, ?, ?, ?)",
                       (conversation, title_of(question), now, now))
            db.execute("UPDATE conversation SET updated = ? WHERE id = ?", (now, conversation))
            n = db.execute("SELECT COUNT(*) FROM turn WHERE conversation = ?", (conversation,)).fetchone()[0]
            db.execute("INSERT INTO turn VALUES (?, ?, ?, ?, ?)",
                       (conversation, n, question, answer_to_json(answer), now))
        return n

    def turns(self, conversation: str) -> list[tuple[str, Answer]]:
        if not self.path.exists():
            return []
        with closing(self._connect()) as db:
            rows = db.execute("SELECT question, answer FROM turn WHERE conversation = ? ORDER BY n",
                              (conversation,)).fetchall()
        return [(q, answer_from_json(a)) for q, a in rows]

    def recent(self, limit: int = 20) -> list[tuple[str, str, float]]:
        """(id, title, last update) of the latest conversations, newest first."""
        if not self.path.exists():
            return []
        with closing(self._connect()) as db:
            return db.execute("SELECT id, title, updated FROM conversation ORDER BY updated DESC LIMIT ?",
                              (limit,)).fetchall()
