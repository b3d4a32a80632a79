"""One real-browser run: Debian's Chromium, driven by Playwright, against `streamlit run app.py`
on a free local port (hashing encoder, copied corpus, fresh index): ask, read the cited
passage and the plan, ask a follow-up, upload a new plan and ask about it."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import CORPUS, GRAIN, NEW_PLAN, REPO

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
SCREENSHOT = REPO / "test-artifacts" / "browser.png"
START_SECONDS = 40
WAIT_MS = 20_000


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_healthy(url: str, proc: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"streamlit exited ({proc.returncode}):\n{log.read_text(errors='replace')[-3000:]}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    pytest.fail(f"streamlit did not answer within {START_SECONDS} s:\n{log.read_text(errors='replace')[-3000:]}")


def start_server(tmp_path: Path, port: int) -> tuple[subprocess.Popen, Path]:
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    env = {**os.environ, "ASSISTANT_EMBED_MODEL": "hashing", "ASSISTANT_CORPUS": str(corpus),
           "ASSISTANT_INDEX": str(tmp_path / "index"),
           "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))}
    log = tmp_path / "streamlit.log"
    cmd = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
           "--server.address", "127.0.0.1", "--server.headless", "true",
           "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"]
    with open(log, "wb") as out:
        proc = subprocess.Popen(cmd, cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT)
    return proc, log


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


def ask(page, question: str, n_answers: int) -> None:
    box = page.get_by_placeholder("Đặt câu hỏi về kế hoạch…")
    box.fill(question)
    box.press("Enter")
    page.locator(".answer-text").nth(n_answers - 1).wait_for(state="visible")


def switch_on(container, label: str) -> None:
    """Click a Streamlit toggle's label until the toggle is on: a click landing during a rerun
    is dropped."""
    from playwright.sync_api import expect

    switch = container.get_by_role("switch", name=label)
    for _ in range(4):
        if switch.is_checked():
            return
        container.get_by_text(label).click()
        try:
            expect(switch).to_be_checked(timeout=4000)
            return
        except AssertionError:
            continue
    expect(switch).to_be_checked()


@pytest.mark.browser
def test_browser_ask_follow_up_and_upload(tmp_path):
    if not CHROMIUM.exists():
        pytest.skip("Chromium is missing: run `sudo apt-get install -y chromium` (or `make system`)")
    from playwright.sync_api import expect, sync_playwright

    port = free_port()
    url = f"http://127.0.0.1:{port}"
    proc, log = start_server(tmp_path, port)
    try:
        wait_healthy(url, proc, log)
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            try:
                page = browser.new_page(viewport={"width": 1500, "height": 1100})
                page.set_default_timeout(WAIT_MS)
                expect.set_options(timeout=WAIT_MS)
                page.goto(url, wait_until="domcontentloaded")

                ask(page, GRAIN, 1)
                expect(page.locator(".answer-text").first).to_contain_text("6600 tấn")
                first = page.locator("[data-testid='stExpander']").first
                expect(first).to_contain_text("[1] xã Lương Phong")
                first.locator("summary").click()
                expect(first.locator(".plan-passage mark")).to_contain_text("6600 tấn")
                switch_on(first, "Mở văn bản kế hoạch tại đoạn này")
                source = first.locator(".plan-source")
                expect(source.locator("mark")).to_contain_text("6600 tấn")
                expect(source).to_contain_text("KẾ HOẠCH")
                page.wait_for_function(
                    """() => { const b = document.querySelector('.plan-source'), m = b && b.querySelector('mark');
                               if (!m) return false; const br = b.getBoundingClientRect(), mr = m.getBoundingClientRect();
                               return b.scrollTop > 0 && mr.top >= br.top && mr.top < br.bottom; }""",
                    timeout=WAIT_MS)

                ask(page, "Còn thị trấn Hùng Sơn thì sao?", 2)
                expect(page.locator(".answer-text").nth(1)).to_contain_text("545,5 tấn")

                plan = tmp_path / "ke_hoach_tan_my.txt"
                plan.write_text(NEW_PLAN, encoding="utf-8")
                page.locator("[data-testid='stSidebar'] input[type=file]").set_input_files(str(plan))
                expect(page.locator("[data-testid='stSidebar']")).to_contain_text(
                    "ke_hoach_tan_my.txt: đã thêm vào chỉ mục (xã Tân Mỹ")
                expect(page.locator("[data-testid='stSidebar']")).to_contain_text("Tân Mỹ")

                ask(page, "Tổng sản lượng lương thực có hạt năm 2024 của xã Tân Mỹ là bao nhiêu tấn?", 3)
                expect(page.locator(".answer-text").nth(2)).to_contain_text("1.234 tấn")
                last = page.locator("[data-testid='stChatMessage']").last
                last.locator("[data-testid='stExpander'] summary").first.click()
                expect(last.locator(".plan-passage mark").first).to_contain_text("1.234 tấn")

                page.wait_for_timeout(600)  # let the expander finish opening
                SCREENSHOT.parent.mkdir(exist_ok=True)
                page.screenshot(path=str(SCREENSHOT))
                print(f"screenshot: {SCREENSHOT}")
            finally:
                browser.close()
    finally:
        stop(proc)
