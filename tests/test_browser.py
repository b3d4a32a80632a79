"""One real-browser run: Debian's Chromium, driven by Playwright, against `streamlit run app.py`
on a free local port (hashing encoder, copied corpus plus a PDF plan made here, fresh index):
ask, open a citation from its [n], read the plan, ask a follow-up, open a PDF citation and see
its page with the cited line highlighted, reload and find the conversation, upload a plan,
remove one; no English on the pages. Screenshots go to test-artifacts/ (git-ignored):
  browser-pdf-citation.png   the PDF citation open: page image, cited line in yellow
  browser-conversation.png   the same conversation after a reload, listed in the sidebar
  browser-plans.png          the plans page after an upload and a removal
  browser.png                the chat after the uploaded plan was asked about"""
from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import CORPUS, GRAIN, NEW_PLAN, REPO
from pdfmaker import make_text_pdf, plan_pages

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
ARTIFACTS = REPO / "test-artifacts"
SCREENSHOT = ARTIFACTS / "browser.png"
PDF_PLAN = """KẾ HOẠCH
Phát triển kinh tế - xã hội năm 2024 của xã Phú Lộc

I. MỤC TIÊU NĂM 2024
1. Chỉ tiêu kinh tế
- Tổng diện tích gieo trồng cây hằng năm của xã Phú Lộc năm 2024 đạt 845 ha.
- Thu ngân sách nhà nước trên địa bàn xã Phú Lộc năm 2024 đạt 7,2 tỷ đồng.
"""
PDF_QUESTION = "Tổng diện tích gieo trồng cây hằng năm của xã Phú Lộc năm 2024 là bao nhiêu ha?"
# Streamlit's own English that must not reach an official (its chrome is hidden by config and CSS)
ENGLISH = re.compile(r"\b(Deploy|Stop|Rerun|Clear cache|Upload|files are not allowed|OCR page|Browse files|"
                     r"Drag and drop|per file|Running)\b")
# yellow pixels of the highlight, counted on the page image the browser shows
YELLOW_PIXELS = """img => { const c = document.createElement('canvas'); c.width = img.naturalWidth; c.height = img.naturalHeight;
  const x = c.getContext('2d'); x.drawImage(img, 0, 0); const d = x.getImageData(0, 0, c.width, c.height).data;
  let n = 0; for (let i = 0; i < d.length; i += 4) if (d[i] > 240 && d[i+1] > 200 && d[i+1] < 250 && d[i+2] < 190) n++;
  return n; }"""
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
    (corpus / "ke_hoach_phu_loc.pdf").write_bytes(make_text_pdf(plan_pages(PDF_PLAN)))
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


def eventually(check, seconds: float = 10) -> bool:
    """True once `check()` is; the server writes after the browser's click reached it."""
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.2)
    return True


def english_on(page) -> list[str]:
    return ENGLISH.findall(page.locator("body").inner_text())


def shoot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.wait_for_timeout(600)  # let expanders and images finish opening
    page.screenshot(path=str(ARTIFACTS / name), full_page=False)
    print(f"screenshot: {ARTIFACTS / name}")


def open_citation(page, answer: int, n: int):
    """Click [n] in an answer: the citation's expander opens and comes into view."""
    from playwright.sync_api import expect

    page.locator(".answer-text").nth(answer).locator("a.cite-link", has_text=f"[{n}]").first.click()
    anchor = page.locator(f"#cite-{answer}-c{n}")
    box = page.locator("[data-testid='stElementContainer']", has=anchor).locator(
        "xpath=following-sibling::*[1]").locator("[data-testid='stExpander']")
    expect(box.locator("details")).to_have_attribute("open", "")
    return box


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
                context = browser.new_context(viewport={"width": 1500, "height": 1100})
                context.grant_permissions(["clipboard-read", "clipboard-write"], origin=url)
                page = context.new_page()
                page.set_default_timeout(WAIT_MS)
                expect.set_options(timeout=WAIT_MS)
                page.goto(url, wait_until="domcontentloaded")

                ask(page, GRAIN, 1)
                expect(page.locator(".answer-text").first).to_contain_text("6600 tấn")
                first = open_citation(page, 0, 1)
                expect(first).to_contain_text("[1] xã Lương Phong · Kế hoạch phát triển kinh tế")
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

                # copy the answer; say it was right (recorded beside the index)
                first_message = page.locator("[data-testid='stChatMessage']").nth(1)
                first_message.get_by_role("button", name="Sao chép câu trả lời").click()
                expect(first_message.get_by_role("button", name="Đã sao chép")).to_be_visible()
                assert "6600 tấn" in page.evaluate("navigator.clipboard.readText()")
                first_message.locator("[data-testid='stFeedback'] button").first.click()
                verdicts = tmp_path / "index" / "feedback.jsonl"
                assert eventually(lambda: verdicts.exists() and '"score": 1' in verdicts.read_text(encoding="utf-8"))

                ask(page, "Còn thị trấn Hùng Sơn thì sao?", 2)
                expect(page.locator(".answer-text").nth(1)).to_contain_text("545,5 tấn")

                # a PDF citation: the page itself, the cited line highlighted at its place
                ask(page, PDF_QUESTION, 3)
                expect(page.locator(".answer-text").nth(2)).to_contain_text("845 ha")
                cited = open_citation(page, 2, 1)
                expect(cited).to_contain_text("trang 1")
                switch_on(cited, "Mở văn bản kế hoạch tại đoạn này")
                expect(cited).to_contain_text("đã tô vàng 1 dòng được trích")
                image = cited.locator("[data-testid='stImage'] img")
                expect(image).to_be_visible()
                page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=image.element_handle())
                assert image.evaluate(YELLOW_PIXELS) > 500
                cited.get_by_text("đã tô vàng 1 dòng được trích").scroll_into_view_if_needed()
                page.mouse.wheel(0, 200)
                shoot(page, "browser-pdf-citation.png")
                assert not english_on(page), english_on(page)

                # a reload keeps the conversation (its id is in the address)
                assert re.search(r"[?&]c=[0-9a-f]{16}", page.url)
                page.reload(wait_until="domcontentloaded")
                expect(page.locator(".answer-text")).to_have_count(3)
                expect(page.locator(".answer-text").nth(2)).to_contain_text("845 ha")
                sidebar = page.locator("[data-testid='stSidebar']")
                expect(sidebar.get_by_role("button", name=re.compile("Chỉ tiêu tổng sản lượng"))).to_be_visible()
                expect(sidebar.get_by_role("button", name="Cuộc trò chuyện mới")).to_be_in_viewport()
                shoot(page, "browser-conversation.png")

                # the plans page: upload one, remove one
                sidebar.get_by_role("link", name=re.compile("Kế hoạch")).first.click()
                expect(page.get_by_text("Các kế hoạch trong chỉ mục (6)")).to_be_visible()
                plan = tmp_path / "ke_hoach_tan_my.txt"
                plan.write_text(NEW_PLAN, encoding="utf-8")
                page.locator("input[type=file]").set_input_files(str(plan))
                expect(page.locator("[data-testid='stMain']")).to_contain_text(
                    "ke_hoach_tan_my.txt: đã thêm vào chỉ mục (xã Tân Mỹ")
                expect(page.get_by_text("Các kế hoạch trong chỉ mục (7)")).to_be_visible()
                page.get_by_role("combobox", name="Kế hoạch").click()
                page.get_by_role("option", name=re.compile("ke_hoach_phu_loc.pdf")).click()
                page.get_by_role("button", name="Gỡ kế hoạch này").click()
                page.get_by_role("button", name="Xác nhận gỡ").click()
                expect(page.get_by_text("Đã gỡ ke_hoach_phu_loc.pdf khỏi thư mục kế hoạch và chỉ mục.")).to_be_visible()
                expect(page.get_by_text("Các kế hoạch trong chỉ mục (6)")).to_be_visible()
                assert not (tmp_path / "corpus" / "ke_hoach_phu_loc.pdf").exists()
                shoot(page, "browser-plans.png")
                assert not english_on(page), english_on(page)

                sidebar.get_by_role("link", name=re.compile("Hỏi đáp")).first.click()
                ask(page, "Tổng sản lượng lương thực có hạt năm 2024 của xã Tân Mỹ là bao nhiêu tấn?", 4)
                expect(page.locator(".answer-text").nth(3)).to_contain_text("1.234 tấn")
                last = page.locator("[data-testid='stChatMessage']").last
                last.locator("[data-testid='stExpander'] summary").first.click()
                expect(last.locator(".plan-passage mark").first).to_contain_text("1.234 tấn")
                shoot(page, "browser.png")
            finally:
                browser.close()
    finally:
        stop(proc)
