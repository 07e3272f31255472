#!/usr/bin/env python3
"""End-to-end: the real `duban serve` on a loopback port, driven by headless Chromium.

The office admin uploads plan.docx and confirms the preview, a lead unit signs in and reports
progress, leadership opens the quarterly report. Screenshots go to Exports/e2e/.
Run through `make e2e` (it prepares the venv with selenium and Debian's chromium-driver).
"""
import glob, os, re, shutil, socket, subprocess, sys, tempfile, time, urllib.request
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.chrome.service import Service
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.support.ui import Select, WebDriverWait

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DUBAN = os.environ.get("DUBAN", os.path.join(ROOT, ".build/debug/duban"))
FIXTURES = os.path.join(ROOT, "..", "shared", "fixtures", "guandu-2018")
PLAN = os.path.join(FIXTURES, "plan.docx")
OUT = os.path.join(ROOT, "Exports", "e2e")
PASSWORD = "e2e-password-2018"

def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]

def duban(db, *args, stdin=None):
    subprocess.run([DUBAN, "--db", db, *args], input=stdin, text=True, check=True, capture_output=True)

def pdf_pages(html, work):
    """Prints an HTML file to PDF with headless Chromium (print CSS, @page A4) and counts its pages."""
    pdf = os.path.join(work, os.path.basename(html) + ".pdf")
    subprocess.run([shutil.which("chromium") or "/usr/bin/chromium", "--headless", "--no-sandbox", "--disable-gpu",
                    "--no-pdf-header-footer", "--user-data-dir=" + os.path.join(work, "print-profile"),
                    "--print-to-pdf=" + pdf, "file://" + os.path.abspath(html)],
                   check=True, capture_output=True, timeout=120)
    with open(pdf, "rb") as f:
        return len(re.findall(rb"/Type\s*/Page(?![s\w])", f.read())), pdf

def check_notices(db, work):
    """Each urging notice of the demo day fits one A4 page with its signature (a notice of one long
    task ran to two pages, the signature alone on the second, before the columns had widths)."""
    out = os.path.join(work, "notices")
    duban(db, "notices", "--as-of", "2018-10-08", "--out", out)
    files = sorted(glob.glob(os.path.join(out, "*.html")))
    assert any("区委宣传部" in f for f in files), files
    for html in files:
        with open(html, encoding="utf-8") as f:
            rows = f.read().count("<tr>") - 1
        pages, pdf = pdf_pages(html, work)
        if rows <= 3:
            assert pages == 1, f"{os.path.basename(html)}: {rows} task(s) printed on {pages} pages"
        if "区委宣传部" in html and shutil.which("pdftoppm"):
            subprocess.run(["pdftoppm", "-png", "-r", "60", pdf, os.path.join(OUT, "7-notice-区委宣传部")], check=True)
    return len(files)

def main():
    os.makedirs(OUT, exist_ok=True)
    work = tempfile.mkdtemp(prefix="duban-e2e-")
    db = os.path.join(work, "e2e.sqlite")
    # The units exist once the plan is imported: the text extraction is imported first (so the
    # unit account can be created), then the admin uploads the Word file in the browser, which
    # reads as a revision of the same plan with nothing changed (未变 93).
    duban(db, "import", os.path.join(FIXTURES, "plan.txt"))
    duban(db, "users", "add", "office", "--role", "admin", "--password-stdin", stdin=PASSWORD + "\n")
    duban(db, "users", "add", "hotline", "--role", "unit", "--unit", "区长热线办", "--password-stdin", stdin=PASSWORD + "\n")
    duban(db, "users", "add", "leader", "--role", "viewer", "--password-stdin", stdin=PASSWORD + "\n")
    port = free_port()
    # Pages as of 2018-09-20, inside the plan's year.
    server = subprocess.Popen([DUBAN, "--db", db, "serve", "--port", str(port), "--as-of", "2018-09-20"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                if urllib.request.urlopen(base + "/healthz", timeout=1).read() == b"ok":
                    break
            except OSError:
                time.sleep(0.1)
        else:
            raise SystemExit("server did not start")
        options = webdriver.ChromeOptions()
        for a in ["--headless", "--no-sandbox", "--disable-gpu", "--window-size=1280,1000", "--lang=zh-CN"]:
            options.add_argument(a)
        options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
        driver = webdriver.Chrome(service=Service(shutil.which("chromedriver") or "/usr/bin/chromedriver"), options=options)
        steps = []
        def shot(name):
            path = os.path.join(OUT, name + ".png")
            driver.save_screenshot(path)
            steps.append(path)
        def until(check, what):
            # A click on a submit button returns before the next page has loaded: wait for it.
            try:
                WebDriverWait(driver, 20).until(check)
            except TimeoutException:
                raise AssertionError(f"{what}; page {driver.current_url}: " + driver.find_element(By.TAG_NAME, "body").text[:600])
        def login(name):
            driver.delete_all_cookies()
            driver.get(base + "/login")
            driver.find_element(By.NAME, "name").send_keys(name)
            driver.find_element(By.NAME, "password").send_keys(PASSWORD)
            driver.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
            until(lambda d: "/login" not in d.current_url, f"login as {name}")
        try:
            # 1. Office: upload plan.docx, see the preview with findings, confirm.
            login("office")
            assert "/office" in driver.current_url, driver.current_url
            driver.get(base + "/import")
            driver.find_element(By.CSS_SELECTOR, "input[type=file]").send_keys(os.path.abspath(PLAN))
            driver.find_element(By.CSS_SELECTOR, "form[enctype] button[type=submit]").click()
            until(lambda d: "未变 93 项" in d.page_source, "import preview")
            assert "官渡区2018年政务公开工作要点分工方案" in driver.page_source
            shot("1-office-import-preview")
            driver.find_element(By.CSS_SELECTOR, "form[action='/import/confirm'] button[type=submit]").click()
            until(lambda d: "/plans/" in d.current_url, "plan page after confirming")
            shot("2-office-plan-tasks")
            # 2. A lead unit reports progress on its task 74.
            login("hotline")
            assert "/my" in driver.current_url, driver.current_url
            shot("3-unit-my-tasks")
            driver.get(base + "/tasks/74")
            driver.find_element(By.NAME, "note").send_keys("已清理政务热线12条，整合方案已报区政府办公室备案")
            driver.find_element(By.NAME, "percent").send_keys("60")
            driver.find_element(By.CSS_SELECTOR, "form[action='/tasks/74/report'] button[type=submit]").click()
            until(lambda d: "saved=1" in d.current_url, "task page after reporting")
            assert "已清理政务热线12条" in driver.page_source
            assert "已提交：报送已保存" in driver.page_source, "no confirmation after 提交"
            shot("4-unit-task-reported")
            # Done, then a note only: the form starts from 已完成, so the note keeps the task done.
            Select(driver.find_element(By.NAME, "state")).select_by_visible_text("已完成")
            driver.find_element(By.CSS_SELECTOR, "form[action='/tasks/74/report'] button[type=submit]").click()
            until(lambda d: "已完成" in Select(d.find_element(By.NAME, "state")).first_selected_option.text, "已完成 preselected")
            driver.find_element(By.NAME, "note").send_keys("补充：备案回执已上传")
            driver.find_element(By.CSS_SELECTOR, "form[action='/tasks/74/report'] button[type=submit]").click()
            until(lambda d: "补充：备案回执已上传" in d.page_source, "task page after the note")
            assert "<b>状态：</b>已完成" in driver.page_source, "a note reset the task's state"
            # 3. Leadership opens the quarterly report.
            login("leader")
            driver.get(base + "/reports/1/2018Q3")
            assert "单位进度" in driver.page_source
            shot("5-leader-report")
            driver.get(base + "/dashboard")
            assert Select(driver.find_element(By.NAME, "plan")).first_selected_option.get_attribute("value") == "1"
            shot("6-leader-dashboard")
        finally:
            driver.quit()
        notices = check_notices(db, work)
        print("e2e passed: " + ", ".join(os.path.basename(p) for p in steps) + f"; {notices} notices printed, each fits its pages")
    finally:
        server.terminate()
        server.wait(timeout=10)
        shutil.rmtree(work, ignore_errors=True)

if __name__ == "__main__":
    main()
