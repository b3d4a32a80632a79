"""Officials' verdicts on answers (👍/👎 under each answer), one JSON line each in
`INDEX/feedback.jsonl`, with the question and the answer as shown, so the team can read
which answers failed without asking anyone."""
from __future__ import annotations

import json
import time
from pathlib import Path

from .answering import Answer

FILE = "feedback.jsonl"
VERDICTS = {0: "không đúng", 1: "đúng"}  # st.feedback("thumbs"): 0 = 👎, 1 = 👍


def feedback_record(conversation: str, turn: int, answer: Answer, score: int | None) -> dict:
    return {"time": time.strftime("%Y-%m-%d %H:%M:%S"), "conversation": conversation, "turn": turn,
            "question": answer.question, "answer": answer.text, "not_found": answer.not_found,
            "citations": [c.as_json() for c in answer.citations],
            "score": score, "verdict": VERDICTS.get(score, "bỏ đánh giá")}


def record_feedback(path: Path, record: dict) -> None:
    """Append one line; a line is written whole by one write call, so readers never see half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a", encoding="utf-8") as out:
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
