"""The officials' page (minimal first version): chat with cited answers."""
from __future__ import annotations

import os
from pathlib import Path

import streamlit as st

from .answering import answer_question
from .embedding import encoder_from_env
from .retrieval import open_index


@st.cache_resource(show_spinner="Đang nạp mô hình…")
def _encoder():
    return encoder_from_env()


@st.cache_resource(show_spinner="Đang nạp chỉ mục…")
def _index(index_dir: str, build: str):
    return open_index(Path(index_dir), _encoder())


def main() -> None:
    st.set_page_config(page_title="Hỏi đáp kế hoạch", layout="wide")
    st.title("Hỏi đáp kế hoạch phát triển kinh tế - xã hội")
    index_dir = os.environ.get("ASSISTANT_INDEX", "index")
    build = os.readlink(Path(index_dir) / "current") if (Path(index_dir) / "current").exists() else ""
    if not build:
        st.error("Chưa có chỉ mục. Chạy `assistant index` trước.")
        return
    index = _index(index_dir, build)
    history = st.session_state.setdefault("history", [])
    for turn in history:
        with st.chat_message("user"):
            st.text(turn["question"])
        with st.chat_message("assistant"):
            st.text(turn["answer"])
    question = st.chat_input("Đặt câu hỏi về kế hoạch…", key="question")
    if question:
        result = answer_question(index, _encoder(), question, [t["question"] for t in history])
        history.append({"question": question, "answer": result.text})
        st.rerun()
