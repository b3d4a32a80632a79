"""Accounts for a page served to the office network: bcrypt-hashed local users, readers ask,
editors change plans, and every change is in the audit log shown beside the plan."""
from __future__ import annotations

import shutil
import stat

import pytest
from streamlit.testing.v1 import AppTest

from assistant import accounts, audit, ui
from assistant.accounts import User
from assistant.cli import main
from assistant.uploads import REMOVED, admit_as, remove_plan

from conftest import CORPUS, NEW_PLAN, REPO

READER, EDITOR = User("binh", "reader"), User("lan", "editor")


def test_passwords_are_kept_as_bcrypt_hashes_only(tmp_path):
    path = tmp_path / "users.json"
    accounts.add_user(path, "lan", "mật khẩu dài 1", "editor")
    text = path.read_text(encoding="utf-8")
    assert "mật khẩu" not in text and '"$2b$' in text
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert accounts.verify(path, "lan", "mật khẩu dài 1") == EDITOR
    assert accounts.verify(path, "lan", "mật khẩu dài 2") is None
    assert accounts.verify(path, "ai đó", "mật khẩu dài 1") is None
    with pytest.raises(ValueError, match="at least 8"):
        accounts.add_user(path, "binh", "ngắn", "reader")
    with pytest.raises(ValueError, match="role"):
        accounts.add_user(path, "binh", "đủ dài rồi", "admin")


def test_the_cli_adds_lists_and_removes_users(tmp_path, monkeypatch, capsys):
    path = tmp_path / "users.json"
    monkeypatch.setattr("sys.stdin", __import__("io").StringIO("mật khẩu dài 1\n"))
    assert main(["user", "add", "lan", "--role", "editor", "--users", str(path), "--password-stdin"]) == 0
    assert accounts.verify(path, "lan", "mật khẩu dài 1") == EDITOR
    assert main(["user", "list", "--users", str(path)]) == 0
    assert "lan\teditor" in capsys.readouterr().out
    assert main(["user", "remove", "lan", "--users", str(path)]) == 0
    assert accounts.load_users(path) == {}


@pytest.mark.parametrize("address, env, required", [
    ("127.0.0.1", {}, False), ("localhost", {}, False), ("::1", {}, False),
    ("0.0.0.0", {}, True), ("", {}, True), ("192.168.1.20", {}, True),
    ("127.0.0.1", {"ASSISTANT_ACCOUNTS": "required"}, True),
])
def test_accounts_are_required_beyond_loopback(address, env, required):
    assert accounts.accounts_required(address, env) is required


def test_the_network_setting_must_be_complete():
    users = {"lan": {"role": "editor", "password": "x"}}
    assert accounts.serving_problem("127.0.0.1", [], {}, {}) is None
    assert "server.allowedHosts" in accounts.serving_problem("0.0.0.0", [], users, {})
    assert "server.allowedHosts" in accounts.serving_problem("0.0.0.0", ["*"], users, {})
    assert "chưa có tài khoản" in accounts.serving_problem("0.0.0.0", ["ke-hoach.ubnd.lan"], {}, {})
    assert accounts.serving_problem("0.0.0.0", ["ke-hoach.ubnd.lan"], users, {}) is None


def test_a_reader_cannot_upload_an_editor_can_and_it_is_audited(tmp_path):
    corpus, index_dir = tmp_path / "corpus", tmp_path / "index"
    shutil.copytree(CORPUS, corpus)
    [r] = admit_as(READER, [("tan_my.txt", NEW_PLAN.encode())], corpus, index_dir)
    assert r.status == "forbidden" and not (corpus / "tan_my.txt").exists()
    assert audit.read_log(index_dir) == []
    [r] = admit_as(EDITOR, [("tan_my.txt", NEW_PLAN.encode())], corpus, index_dir)
    assert r.saved and (corpus / "tan_my.txt").exists()
    [entry] = audit.read_log(index_dir)
    assert (entry["user"], entry["action"], entry["file"], entry["sha256"]) == ("lan", "upload", "tan_my.txt", r.sha256)
    assert entry["time"][:2] == "20"


def test_removal_is_for_editors_and_audited(tmp_path):
    corpus, index_dir = tmp_path / "corpus", tmp_path / "index"
    shutil.copytree(CORPUS, corpus)
    name = sorted(p.name for p in corpus.iterdir())[0]
    with pytest.raises(PermissionError):
        remove_plan(READER, corpus, index_dir, name)
    sha = remove_plan(EDITOR, corpus, index_dir, name)
    assert not (corpus / name).exists() and len(list((index_dir / REMOVED).iterdir())) == 1
    assert audit.plan_history(index_dir)[name][0]["action"] == "remove"
    assert audit.last_changes(index_dir)[name].startswith(f"gỡ bỏ bởi lan lúc ")
    assert sha in audit.read_log(index_dir)[0]["sha256"]


def test_the_plan_table_shows_the_last_change(tmp_path):
    from assistant.plans_page import plan_table
    from assistant.store import DocRecord
    doc = DocRecord("a.txt", "0" * 64, 1, "text", "xã", "Tân Mỹ", "kế hoạch", [2024], "Kế hoạch 2024")
    [row] = plan_table([doc], tmp_path, {"a.txt": "tải lên bởi lan lúc 2026-12-06 05:30"})
    assert row["Thay đổi gần nhất"] == "tải lên bởi lan lúc 2026-12-06 05:30"
    assert "Thay đổi gần nhất" not in plan_table([doc], tmp_path)[0]


# ---------------------------------------------------------------- the page

@pytest.fixture()
def served(tmp_path, monkeypatch, built_index):
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    shutil.copytree(CORPUS, corpus)
    shutil.copytree(built_index, index, symlinks=True)
    users = tmp_path / "users.json"
    accounts.add_user(users, "binh", "người đọc 123", "reader")
    accounts.add_user(users, "lan", "biên tập 123", "editor")
    for key, value in {"ASSISTANT_EMBED_MODEL": "hashing", "ASSISTANT_CORPUS": str(corpus),
                       "ASSISTANT_INDEX": str(index), "ASSISTANT_USERS_FILE": str(users),
                       "ASSISTANT_ACCOUNTS": "required"}.items():
        monkeypatch.setenv(key, value)
    return corpus, index


def sign_in(name: str, password: str) -> AppTest:
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    assert not at.chat_input and not at.get("file_uploader")  # nothing but the form
    at.text_input(key="login_name").input(name)
    at.text_input(key="login_password").input(password)
    at.button[0].click().run()
    assert not at.exception, at.exception
    return at


def test_the_page_asks_to_sign_in_and_refuses_a_wrong_password(served):
    at = sign_in("lan", "sai mật khẩu")
    assert "Sai tên đăng nhập hoặc mật khẩu." in [e.value for e in at.error]
    assert not at.chat_input


PLANS_PAGE = "from assistant import plans_page\nplans_page.render()\n"


def plans_page_as(user: User) -> AppTest:
    at = AppTest.from_string(PLANS_PAGE, default_timeout=60)
    at.session_state["user"] = user
    at.run()
    assert not at.exception, at.exception
    return at


def test_a_reader_asks_but_sees_no_upload_or_removal(served):
    at = sign_in("binh", "người đọc 123")
    assert at.chat_input
    plans = plans_page_as(READER)
    assert plans.dataframe and not plans.get("file_uploader")
    assert not [b for b in plans.button if b.key in ("rescan", "remove", "reindex")]


def test_an_editor_uploads_and_the_change_is_shown_beside_the_plan(served):
    corpus, index = served
    assert sign_in("lan", "biên tập 123").chat_input
    at = plans_page_as(EDITOR)
    assert [b for b in at.button if b.key == "remove"]
    at.file_uploader(key="uploads").set_value(("tan_my.txt", NEW_PLAN.encode(), "text/plain")).run()
    assert not at.exception, at.exception
    assert (corpus / "tan_my.txt").exists()
    [entry] = audit.read_log(index)
    assert entry["user"] == "lan" and entry["file"] == "tan_my.txt"
    table = at.dataframe[0].value
    row = table[table["Tệp"] == "tan_my.txt"]
    assert row["Thay đổi gần nhất"].iloc[0].startswith("tải lên bởi lan lúc ")


def test_served_to_the_network_the_page_needs_allowed_hosts_and_a_sign_in(served, monkeypatch):
    from assistant import login
    monkeypatch.delenv("ASSISTANT_ACCOUNTS")
    monkeypatch.setattr(login, "_server", lambda: ("0.0.0.0", []))
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    assert "server.allowedHosts" in at.error[0].value and not at.chat_input and not at.text_input
    monkeypatch.setattr(login, "_server", lambda: ("0.0.0.0", ["ke-hoach.ubnd.local"]))
    at.run()
    assert not at.error and at.text_input(key="login_name") and not at.chat_input


def test_replacing_is_for_editors_reads_first_and_keeps_the_old_file(tmp_path):
    import docx
    from assistant.uploads import replace_plan
    from test_bounds import docx_bomb
    corpus, index_dir = tmp_path / "corpus", tmp_path / "index"
    corpus.mkdir()
    (corpus / "tan_my.docx").write_bytes(b"old bytes")
    new = docx.Document()
    for line in NEW_PLAN.splitlines():
        new.add_paragraph(line)
    new.save(tmp_path / "new.docx")
    data = (tmp_path / "new.docx").read_bytes()
    with pytest.raises(PermissionError):
        replace_plan(READER, corpus, index_dir, "tan_my.docx", data)
    bad = replace_plan(EDITOR, corpus, index_dir, "tan_my.docx", docx_bomb(tmp_path / "b.docx").read_bytes())
    assert bad.status == "rejected" and (corpus / "tan_my.docx").read_bytes() == b"old bytes"
    r = replace_plan(EDITOR, corpus, index_dir, "tan_my.docx", data)
    assert r.saved and (corpus / "tan_my.docx").read_bytes() == data
    assert [p.name for p in corpus.iterdir()] == ["tan_my.docx"]
    [old] = list((index_dir / REMOVED).iterdir())
    assert old.read_bytes() == b"old bytes"
    assert [e["action"] for e in audit.plan_history(index_dir)["tan_my.docx"]] == ["replace", "upload rejected"]
