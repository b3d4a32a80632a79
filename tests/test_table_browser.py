"""One real-browser run of the "Bảng chỉ tiêu" page (Debian's Chromium driven by Playwright,
`streamlit run` on a free port, the shipped plans indexed with the hashing encoder): pick
places, see the table and the chart, open a cell's passage, download the workbook."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import CORPUS, REPO
from test_browser import CHROMIUM, CHROMIUM_ARGS, WAIT_MS, free_port, stop, wait_healthy

SCREENSHOT = REPO / "test-artifacts" / "table.png"


def start_table_server(tmp_path: Path, port: int) -> tuple[subprocess.Popen, Path]:
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    script = tmp_path / "table_app.py"
    script.write_text("import streamlit as st\nfrom assistant.table_page import render\n"
                      "st.set_page_config(page_title='Bảng chỉ tiêu', layout='wide')\nrender()\n", encoding="utf-8")
    env = {**os.environ, "ASSISTANT_EMBED_MODEL": "hashing", "ASSISTANT_CORPUS": str(corpus),
           "ASSISTANT_INDEX": str(tmp_path / "index"),
           "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))}
    log = tmp_path / "streamlit.log"
    cmd = [sys.executable, "-m", "streamlit", "run", str(script), "--server.port", str(port),
           "--server.address", "127.0.0.1", "--server.headless", "true",
           "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"]
    with open(log, "wb") as out:
        proc = subprocess.Popen(cmd, cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT)
    return proc, log


def choose(page, label: str, option: str) -> None:
    """Pick an option of a Streamlit select box or multiselect by its label."""
    page.get_by_role("combobox", name=label).first.click()
    page.get_by_role("option", name=option, exact=True).click()
    page.keyboard.press("Escape")  # an open list hides the rest of the page from the accessibility tree
    page.wait_for_timeout(500)


@pytest.mark.browser
def test_browser_table_page(tmp_path):
    if not CHROMIUM.exists():
        pytest.skip("Chromium is missing: run `sudo apt-get install -y chromium` (or `make system`)")
    from openpyxl import load_workbook
    from playwright.sync_api import expect, sync_playwright

    port = free_port()
    url = f"http://127.0.0.1:{port}"
    proc, log = start_table_server(tmp_path, port)
    try:
        wait_healthy(url, proc, log)
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            try:
                page = browser.new_page(viewport={"width": 1500, "height": 2100}, accept_downloads=True)
                page.set_default_timeout(WAIT_MS * 3)
                expect.set_options(timeout=WAIT_MS * 3)
                page.goto(url, wait_until="domcontentloaded")
                expect(page.get_by_role("heading", name="Bảng chỉ tiêu")).to_be_visible()
                grid = page.locator("[data-testid='stDataFrame']").first
                expect(grid).to_be_visible()

                choose(page, "Địa phương", "xã Lương Phong")
                choose(page, "Địa phương", "thị trấn Hùng Sơn")
                expect(page.locator("[data-testid='stMultiSelect']")).to_contain_text("xã Lương Phong")
                page.wait_for_timeout(1500)

                choose(page, "Xem nguồn của ô", "Tổng sản lượng lương thực có hạt · xã Lương Phong")
                expect(page.locator(".plan-passage mark").first).to_contain_text("6670 tấn")
                expect(page.get_by_text("ghi số liệu khác nhau").first).to_be_visible()  # 6670 and 6600 tấn

                expect(page.locator("[data-testid='stVegaLiteChart']").first).to_be_visible()
                with page.expect_download() as info:
                    page.get_by_role("button", name="Tải bảng .xlsx (kèm trang nguồn)").click()
                saved = tmp_path / "bang.xlsx"
                info.value.save_as(saved)
                wb = load_workbook(saved)
                assert wb.sheetnames == ["Bảng chỉ tiêu", "Nguồn"]
                header = next(wb["Bảng chỉ tiêu"].values)
                assert list(header) == ["Chỉ tiêu", "Đơn vị", "thị trấn Hùng Sơn", "xã Lương Phong"]

                page.evaluate("() => document.querySelectorAll('section, [data-testid=stMain]')"
                              ".forEach(e => e.scrollTo(0, 0))")  # the page's own scroller, top first
                page.wait_for_timeout(800)
                SCREENSHOT.parent.mkdir(exist_ok=True)
                page.screenshot(path=str(SCREENSHOT), full_page=True)
                print(f"screenshot: {SCREENSHOT}")
            finally:
                browser.close()
    finally:
        stop(proc)
