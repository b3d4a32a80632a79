"""Streamlit page (`make run`): all of it lives in assistant/ui.py, over the same functions as the CLI."""
from assistant.ui import main

main()
