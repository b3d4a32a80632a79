"""The page's sign-in: a gate at the top of the page when accounts are required.

On 127.0.0.1 (the default) the page is the operator's own: no gate, every action allowed.
Served to the network (`server.address` not loopback) or with ASSISTANT_ACCOUNTS=required,
nothing but the sign-in form is shown until a user of the accounts file signs in; the page
also refuses to serve when the network setting is incomplete (no allowed hosts, no accounts).
"""
from __future__ import annotations

import os
import re
import time

import streamlit as st

from . import accounts
from .accounts import User

FAIL_DELAY_S = 1.0  # on top of bcrypt's own cost: guessing stays slow


def _server() -> tuple[str, list[str]]:
    try:
        hosts = list(st.get_option("server.allowedHosts") or [])
    except RuntimeError:  # a Streamlit without the option: no host check, so none is trusted
        hosts = []
    return str(st.get_option("server.address") or ""), hosts


def gate() -> tuple[bool, User | None]:
    """(may the page go on, the signed-in user or None when no accounts are needed)."""
    address, hosts = _server()
    if not accounts.accounts_required(address):
        return True, None
    path = accounts.users_file()
    try:
        users = accounts.load_users(path)
    except ValueError:
        st.error("Không đọc được tệp tài khoản; hãy báo người quản trị.")
        return False, None
    problem = accounts.serving_problem(address, hosts, users, os.environ)
    if problem:
        st.error(problem)
        return False, None
    user = st.session_state.get("user")
    if isinstance(user, User) and user.name in users and users[user.name]["role"] == user.role:
        _signed_in(user)
        return True, user
    st.session_state.pop("user", None)
    _form(path)
    return False, None


def _form(path) -> None:
    with st.form("login"):
        st.subheader("Đăng nhập")
        name = st.text_input("Tên đăng nhập", key="login_name")
        password = st.text_input("Mật khẩu", type="password", key="login_password")
        submitted = st.form_submit_button("Đăng nhập")
    if not submitted:
        return
    user = accounts.verify(path, name.strip(), password)
    if user is None:
        time.sleep(FAIL_DELAY_S)
        st.error("Sai tên đăng nhập hoặc mật khẩu.")
        return
    st.session_state["user"] = user
    st.rerun()


def _signed_in(user: User) -> None:
    role = "biên tập" if user.role == "editor" else "chỉ hỏi"
    with st.sidebar:
        st.caption(re.sub(r"([\\`*_\[\]().!<>~$:-])", r"\\\1", f"Đăng nhập: {user.name} ({role})"))
        if st.button("Đăng xuất", key="logout"):
            st.session_state.pop("user", None)
            st.rerun()


def current_user() -> User | None:
    """The signed-in user, or None when the page needs no accounts (or nobody signed in)."""
    user = st.session_state.get("user")
    return user if isinstance(user, User) else None


def may(user: User | None, action: str) -> bool:
    """Whether to show an action's widgets: always without accounts, else by role."""
    return user is None or user.can(action)
