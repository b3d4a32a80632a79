"""Streamlit app (`make run`): the pages, each in assistant/ (ui.py, plans_page.py,
table_page.py), over the same functions as the CLI."""
import logging

import streamlit as st

from assistant import login, plans_page, table_page, ui

st.set_page_config(page_title="Hỏi đáp kế hoạch", page_icon="📑", layout="wide")
pages = [st.Page(ui.chat_page, title="Hỏi đáp", icon=":material/chat:", url_path="hoi-dap", default=True),
         st.Page(plans_page.render, title="Kế hoạch", icon=":material/folder_open:", url_path="ke-hoach"),
         st.Page(table_page.render, title="Bảng chỉ tiêu", icon=":material/table_chart:", url_path="bang-chi-tieu"),
         st.Page(ui.guide_page, title="Hướng dẫn", icon=":material/menu_book:", url_path="huong-dan")]
try:
    ui.page_chrome()  # every page, the sign-in's and the indicator table's too: our CSS and click listener
    if login.gate()[0]:  # sign-in when the page is served beyond 127.0.0.1 (README, Security)
        st.navigation(pages).run()
except Exception:  # Streamlit's own notice is English: ours is Vietnamese, the traceback goes to the log
    logging.getLogger("assistant.page").exception("the page failed")
    st.error(ui.CRASH_MESSAGE)
