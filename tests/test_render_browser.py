"""The HTML reading edition in a real browser: headless Chromium (Debian
packages ``chromium`` and ``chromium-driver``) driven by Selenium loads a
site built from the seed, the render test cases and one ADL text, served
from a local folder. Skips, saying why, where no browser is installed.
Screenshots are kept as test artifacts in build/test-artifacts/; axe-core
(``npm install --no-save axe-core``, as .ci/run does) checks accessibility."""

from __future__ import annotations

import base64
import functools
import http.server
import os
import re
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import PROJECT, SEED, SHARED

from pipeline.entities.authority import load_authority
from pipeline.render.site import render_site
from pipeline.xmlio import parse_file

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
ARTIFACTS = PROJECT / "build" / "test-artifacts"
CASES = Path(__file__).resolve().parent / "render" / "cases"
ADL = SHARED / "corpus" / "tei-real" / "adl" / "aarestrup06.xml"
LAYOUTS = sorted((SHARED / "corpus" / "mia-layouts" / "texts").glob("*.txt"))[:24]


def site_texts() -> list[tuple[str, object]]:
    """The seed (built, or converted in memory), the cases, an ADL text if present."""
    built = PROJECT / "tei" / f"{SEED.stem}.xml"
    if built.exists():
        seed = parse_file(built)
    else:
        from pipeline.edition.build import convert_file
        from pipeline.edition.build import load_authority as authority_of

        seed, _ = convert_file(SEED, authority=authority_of(PROJECT / "tei" / "authority.xml"))
    texts: list[tuple[str, object]] = [("seed", seed)]
    texts += [(p.stem, parse_file(p)) for p in sorted(CASES.glob("*.xml")) if p.stem != "authority"]
    if ADL.exists():
        texts.append(("adl", parse_file(ADL)))
    if LAYOUTS:
        from pipeline.edition.build import convert_file
        from pipeline.edition.build import load_authority as authority_of

        authority = authority_of(PROJECT / "tei" / "authority.xml")
        texts += [(f"layout-{s.stem}", convert_file(s, authority=authority)[0]) for s in LAYOUTS]
    return texts


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("site")
    authority = load_authority(PROJECT / "tei" / "authority.xml")
    for name, content in render_site(site_texts(), authority).items():  # type: ignore[arg-type]
        (folder / name).write_text(content, "utf-8")
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    webdriver = pytest.importorskip(
        "selenium.webdriver", reason="selenium is not installed (pip install selenium)"
    )
    if not CHROMIUM.exists() or not CHROMEDRIVER.exists():
        pytest.skip("no browser: install the Debian packages chromium and chromium-driver")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-dev-shm-usage",
        "--window-size=1200,900",
    ):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)
    try:
        yield driver
    finally:
        driver.quit()


def axe_core_script() -> Path | None:
    """axe-core's browser bundle, if installed: $AXE_CORE_JS, or npm's node_modules
    in the project (``npm install --no-save axe-core``)."""
    candidates = [
        os.environ.get("AXE_CORE_JS", ""),
        str(PROJECT / "node_modules" / "axe-core" / "axe.min.js"),
    ]
    return next((Path(c) for c in candidates if c and Path(c).is_file()), None)


def save_artifact(driver: object, tmp_path: Path, name: str) -> Path:
    shot = tmp_path / name
    assert driver.save_screenshot(str(shot))  # type: ignore[attr-defined]
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shutil.copy(shot, ARTIFACTS / name)
    return shot


def target_id(driver) -> str:  # type: ignore[no-untyped-def]
    return driver.execute_script("return document.querySelector(':target').id")


def no_console_errors(driver) -> None:  # type: ignore[no-untyped-def]
    assert [e for e in driver.get_log("browser") if e["level"] == "SEVERE"] == []


def test_seed_page_in_chromium(browser, site, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.by import By

    driver = browser
    driver.get(site + "seed.html")
    assert driver.execute_script("return document.readyState") == "complete"
    # Nothing but the page itself is loaded.
    assert (
        driver.execute_script("return performance.getEntriesByType('resource').map(r => r.name)")
        == []
    )
    dead = driver.execute_script("""
        return Array.from(document.querySelectorAll('a[href^="#"]'))
          .map(a => decodeURIComponent(a.getAttribute('href').slice(1)))
          .filter(id => !document.getElementById(id));""")
    assert dead == []

    # A mention leads to its index entry, whose context leads back to the mention.
    mention = next(
        m for m in driver.find_elements(By.CSS_SELECTOR, "a.mention") if m.is_displayed()
    )
    entry_id = mention.get_attribute("href").split("#", 1)[1]
    mention.click()
    assert target_id(driver) == entry_id
    entry = driver.find_element(By.ID, entry_id)
    assert entry.find_element(By.CSS_SELECTOR, ".entry-name").is_displayed()
    entry.find_element(By.CSS_SELECTOR, "ul.mentions a").click()
    assert target_id(driver) == mention.get_attribute("id")

    # A correction leads to its entry in the corrections (with the transcribed
    # reading), which leads back; the switch shows the transcribed text.
    choice = next(c for c in driver.find_elements(By.CSS_SELECTOR, "a.choice") if c.is_displayed())
    corrected = choice.text
    choice.click()
    entry = driver.find_element(By.ID, target_id(driver))
    assert entry.find_element(By.CSS_SELECTOR, ".lemma").text == corrected
    transcribed = entry.find_element(By.CSS_SELECTOR, ".reading").text
    save_artifact(driver, tmp_path, "render-seed-corrections.png")
    entry.find_element(By.CSS_SELECTOR, ".lemma").click()
    assert target_id(driver) == choice.get_attribute("id")
    driver.find_element(By.CSS_SELECTOR, "label[for='view-diplomatic']").click()
    assert driver.find_element(By.ID, "view-diplomatic").is_selected()
    assert choice.text == transcribed != corrected
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", choice)
    save_artifact(driver, tmp_path, "render-seed-diplomatic.png")
    driver.find_element(By.CSS_SELECTOR, "label[for='view-diplomatic']").click()
    assert choice.text == corrected

    # Readable on a phone: no sideways scrolling at 375 px.
    driver.set_window_size(375, 800)
    assert driver.execute_script(
        "return document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )
    driver.execute_script("window.location.hash = ''; window.scrollTo(0, 0)")
    save_artifact(driver, tmp_path, "render-seed-phone.png")
    driver.set_window_size(1200, 900)
    driver.execute_script("window.scrollTo(0, 0)")
    assert save_artifact(driver, tmp_path, "render-seed.png").stat().st_size > 10_000
    no_console_errors(driver)


def test_footnotes_link_both_ways_in_chromium(browser, site, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.by import By

    driver = browser
    driver.get(site + "notes.html")
    for marker_id in ("fnref-1", "ref-note-1"):
        marker = driver.find_element(By.ID, marker_id)
        marker.click()
        note = driver.find_element(By.ID, target_id(driver))
        assert note.is_displayed() and note.text
        note.find_element(By.CSS_SELECTOR, "a.backlink").click()
        assert target_id(driver) == marker_id
    driver.find_element(By.ID, "fnref-1").click()
    save_artifact(driver, tmp_path, "render-footnotes.png")
    no_console_errors(driver)


def test_search_across_the_site_in_chromium(browser, site, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    driver = browser
    driver.get(site + "index.html")
    form = driver.find_element(By.ID, "search-form")
    assert form.is_displayed()  # shown by the script; hidden without it
    box = driver.find_element(By.ID, "search-input")
    box.send_keys("stanza")
    form.submit()
    results = WebDriverWait(driver, 10).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, "#search-results a")
    )
    assert [r.text for r in results] == ["Verse"]
    save_artifact(driver, tmp_path, "render-search.png")
    box.clear()
    box.send_keys("stanza letter")  # every word must be found in one text
    form.submit()
    WebDriverWait(driver, 10).until(
        lambda d: not d.find_elements(By.CSS_SELECTOR, "#search-results a")
    )
    assert driver.find_element(By.ID, "search-status").text == "No text contains all these words."
    box.clear()
    box.send_keys("Dental")  # a reading of the transcription is found too
    form.submit()
    results_link = WebDriverWait(driver, 10).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, "#search-results a")
    )
    assert "seed.html" in results_link[0].get_attribute("href")
    # Without script the page still lists every text.
    driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
    driver.get(site + "index.html")
    assert not driver.find_element(By.ID, "search-form").is_displayed()
    assert len(driver.find_elements(By.CSS_SELECTOR, "ul.texts a")) >= 10
    driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": False})


def test_print_on_a4_and_letter(browser, site) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.by import By

    driver = browser
    driver.get(site + "seed.html")
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    for selector in ("nav.toc", ".view-switch", ".backlink"):
        assert not driver.find_element(By.CSS_SELECTOR, selector).is_displayed()
    colour = driver.execute_script(
        "return getComputedStyle(document.querySelector('a.mention')).color"
    )
    assert colour == "rgb(0, 0, 0)"
    for section in ("corrections", "index"):
        assert driver.find_element(By.ID, section).is_displayed()
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    boxes = {"a4": b"/MediaBox [0 0 595.9", "letter": b"/MediaBox [0 0 612 792]"}
    for paper, (width, height) in {"a4": (8.27, 11.69), "letter": (8.5, 11.0)}.items():
        pdf = driver.execute_cdp_cmd(
            "Page.printToPDF", {"paperWidth": width, "paperHeight": height}
        )
        data = base64.b64decode(pdf["data"])
        pages = len(re.findall(rb"/Type /Page\b(?!s)", data))
        assert data.startswith(b"%PDF") and boxes[paper] in data and pages > 3
        (ARTIFACTS / f"render-seed-{paper}.pdf").write_bytes(data)


@pytest.mark.parametrize("page", ["seed.html", "index.html", "names.html", "adl.html"])
def test_pages_pass_axe_accessibility_rules(browser, site, page: str) -> None:  # type: ignore[no-untyped-def]
    script = axe_core_script()
    if script is None:
        pytest.skip(
            "axe-core is not installed (npm install --no-save axe-core, or set AXE_CORE_JS)"
        )
    if page == "adl.html" and not ADL.exists():
        pytest.skip("the ADL corpus is absent (no shared folder)")
    driver = browser
    driver.get(site + page)
    driver.execute_script(script.read_text("utf-8"))
    violations = driver.execute_async_script("""
        const done = arguments[arguments.length - 1];
        axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa', 'best-practice']}})
          .then(result => done(result.violations.map(v => v.id + ': ' + v.nodes.length + ' ' + v.help)));""")
    assert violations == []


def test_layout_corpus_pages_in_chromium(browser, site, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Texts of the layout corpus, converted: every page loads without errors
    or dead links, and note markers lead to their notes and back."""
    from selenium.webdriver.common.by import By

    if not LAYOUTS:
        pytest.skip("the layout corpus is absent (no shared folder)")
    driver = browser
    markers = 0
    for source in LAYOUTS:
        driver.get(f"{site}layout-{source.stem}.html")
        dead = driver.execute_script("""
            return Array.from(document.querySelectorAll('a[href^="#"]'))
              .map(a => decodeURIComponent(a.getAttribute('href').slice(1)))
              .filter(id => !document.getElementById(id));""")
        assert dead == [], source.name
        for marker in driver.find_elements(By.CSS_SELECTOR, "article a.noteref")[:1]:
            marker_id = marker.get_attribute("id")
            marker.click()
            note = driver.find_element(By.ID, target_id(driver))
            assert note.is_displayed()
            note.find_element(By.CSS_SELECTOR, "a.backlink").click()
            assert target_id(driver) == marker_id
            markers += 1
            if markers == 1:
                save_artifact(driver, tmp_path, "render-layout-note.png")
        no_console_errors(driver)
    assert markers > 0
