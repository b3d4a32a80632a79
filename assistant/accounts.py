"""Local accounts for a page served to the office network: who may ask, who may change plans.

    users.json   (ASSISTANT_USERS_FILE; created by `assistant user add`, mode 0600)
    {"users": {"lan": {"role": "editor", "password": "$2b$12$…"}}}

Passwords are kept only as bcrypt hashes. Two roles: a reader asks questions; an editor also
uploads, replaces and removes plans. Accounts are required when the page listens on anything
but the loopback address (Streamlit's `server.address`), or when ASSISTANT_ACCOUNTS=required;
on 127.0.0.1 alone the page is the operator's own and needs no login.
"""
from __future__ import annotations

import ipaddress
import json
import os
import re
import secrets
from dataclasses import dataclass
from pathlib import Path

import bcrypt

ROLES = ("reader", "editor")
PERMISSIONS = {"reader": {"ask"}, "editor": {"ask", "upload", "replace", "remove"}}
NAME = re.compile(r"^[\w.@-]{1,64}$")
MIN_PASSWORD = 8


@dataclass(frozen=True)
class User:
    name: str
    role: str

    def can(self, action: str) -> bool:
        return action in PERMISSIONS.get(self.role, set())


def users_file(env: dict | None = None) -> Path:
    env = os.environ if env is None else env
    return Path(env.get("ASSISTANT_USERS_FILE", "users.json"))


def load_users(path: Path) -> dict[str, dict]:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        raise ValueError(f"the accounts file {path} cannot be read ({exc})") from None
    users = data.get("users", {}) if isinstance(data, dict) else {}
    return {n: u for n, u in users.items() if isinstance(u, dict) and u.get("role") in ROLES}


def _save(path: Path, users: dict[str, dict]) -> None:
    """Write beside, then rename: a crash never leaves half a file; readable by its owner only."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump({"users": users}, f, ensure_ascii=False, indent=1)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def add_user(path: Path, name: str, password: str, role: str) -> User:
    """Add or update an account. Raises ValueError with what is wrong."""
    if not NAME.match(name or ""):
        raise ValueError("a user name is 1-64 letters, digits, '.', '_', '-' or '@'")
    if role not in ROLES:
        raise ValueError(f"the role is one of: {', '.join(ROLES)}")
    if len(password or "") < MIN_PASSWORD:
        raise ValueError(f"the password needs at least {MIN_PASSWORD} characters")
    if len(password.encode("utf-8")) > 72:
        raise ValueError("the password is longer than bcrypt takes (72 bytes)")
    users = load_users(path)
    hashed = bcrypt.hashpw(password.encode("utf-8"), bcrypt.gensalt()).decode("ascii")
    users[name] = {"role": role, "password": hashed}
    _save(path, users)
    return User(name, role)


def remove_user(path: Path, name: str) -> bool:
    users = load_users(path)
    if name not in users:
        return False
    del users[name]
    _save(path, users)
    return True


_DUMMY: list[bytes] = []


def _dummy_hash() -> bytes:
    """A hash to check against when the name is unknown, so a wrong name takes as long as a
    wrong password (no telling which names exist by timing)."""
    if not _DUMMY:
        _DUMMY.append(bcrypt.hashpw(b"not a password", bcrypt.gensalt()))
    return _DUMMY[0]


def verify(path: Path, name: str, password: str) -> User | None:
    """The user when name and password match, else None."""
    entry = load_users(path).get(name or "")
    hashed = entry["password"].encode("ascii") if entry else _dummy_hash()
    try:
        ok = bcrypt.checkpw((password or "").encode("utf-8")[:72], hashed)
    except ValueError:  # a damaged hash in the file
        ok = False
    return User(name, entry["role"]) if ok and entry else None


def is_loopback(address: str) -> bool:
    """127.0.0.1, ::1, localhost: reachable from this machine only. Empty means every address."""
    address = (address or "").strip().strip("[]")
    if address == "localhost":
        return True
    try:
        return ipaddress.ip_address(address).is_loopback
    except ValueError:
        return False  # a host name or "": Streamlit listens wherever it resolves


def accounts_required(address: str, env: dict | None = None) -> bool:
    env = os.environ if env is None else env
    return env.get("ASSISTANT_ACCOUNTS", "").strip().lower() == "required" or not is_loopback(address)


def serving_problem(address: str, allowed_hosts: list[str], users: dict, env: dict | None = None) -> str | None:
    """Why the page must not serve as configured (Vietnamese), or None."""
    if not accounts_required(address, env):
        return None
    if not is_loopback(address) and (not allowed_hosts or "*" in allowed_hosts):
        return ("Trang đang mở cho mạng nội bộ nhưng chưa đặt server.allowedHosts (tên máy chủ được phép) "
                "trong .streamlit/config.toml; hãy đặt tên máy chủ rồi chạy lại.")
    if not users:
        return ("Trang cần đăng nhập nhưng chưa có tài khoản nào; hãy tạo bằng lệnh "
                "`assistant user add TÊN --role editor` rồi tải lại trang.")
    return None
