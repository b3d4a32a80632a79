"""Streamlit page: a thin layer over assistant.answering (see assistant/ui.py for the wiring)."""
from assistant.ui import main

main()
