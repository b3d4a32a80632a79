"""What the page and the conversation add around one question: a question too long to read,
a question that names no place, and a sidebar place filter the question disagrees with.

Pure functions returning Vietnamese messages; answering.py decides when to call them. (What a
question takes from the earlier questions is `question.resolve_context`.)
"""
from __future__ import annotations

from .places import Place
from .question import Query


def too_long(question: str, limit: int) -> str:
    """The refusal for a question over `limit` characters ('' when it fits): a question cut
    silently would be answered for words the official did not finish."""
    if len(question) <= limit:
        return ""
    return (f"Câu hỏi dài {len(question)} ký tự, quá giới hạn {limit} ký tự nên không đọc hết được. "
            "Xin hỏi ngắn gọn hơn, mỗi câu hỏi một ý (ví dụ: \"Tỷ lệ hộ nghèo năm 2024 của xã … là bao nhiêu?\").")


def names_no_place(q: Query, known: list[Place]) -> bool:
    """Nothing says which place is meant: the question names none, no earlier question carried
    one, no filter chose one, and there are several plans' places to choose from."""
    return not q.places and not q.unknown_places and not q.comparison and len(known) > 1


def labels(places: list[Place]) -> str:
    return ", ".join(p.label for p in places)


def one_place_note(place: Place) -> str:
    return f"Câu hỏi không nêu địa phương; trong các tài liệu, chỉ tài liệu của {place.label} nói đến điều này."


def several_places_note(places: list[Place]) -> str:
    return f"Câu hỏi không nêu địa phương; tài liệu của {len(places)} nơi nói đến điều này, từng nơi như sau:"


def nowhere_note() -> str:
    return "Câu hỏi không nêu địa phương; không tài liệu nào của các nơi có trong kho nói đến điều này."


def ask_place_note(known: list[Place]) -> str:
    return f"Câu hỏi không nêu địa phương nào. Xin hỏi lại kèm tên xã, phường hoặc thị trấn (có: {labels(known)})."


def filter_disagreement(answered: list[Place], filtered: list[Place] | None) -> str:
    """A note when the places answered (named in the question or carried from an earlier one)
    lie outside the sidebar's filter ('' when they agree or no filter is set)."""
    if not filtered or not answered:
        return ""
    outside = [p for p in answered if p not in filtered]
    if not outside:
        return ""
    return (f"Lưu ý: câu hỏi nói về {labels(outside)}, khác với bộ lọc địa phương đang chọn "
            f"({labels(filtered)}); câu trả lời theo địa phương trong câu hỏi.")


def with_note(text: str, note: str) -> str:
    """The note first, on its own line, so the answer's quotes stay as they were."""
    return f"{note}\n{text}" if note else text
