"""The HTML reading edition in a real browser: headless Chromium (Debian
packages ``chromium`` and ``chromium-driver``) driven by Selenium loads the
seed's page from a local server. Skips, saying why, where no browser is
installed. The screenshots are kept as test artifacts in build/test-artifacts/."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import PROJECT, SEED

from pipeline.render import transform as render
from pipeline.xmlio import parse_file

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
ARTIFACTS = PROJECT / "build" / "test-artifacts"
FIXTURE = Path(__file__).resolve().parent / "render" / "article.xml"


def seed_page() -> tuple[str, str]:
    """The seed's page: from tei/ if built, else converted in memory, else the fixture."""
    built = PROJECT / "tei" / f"{SEED.stem}.xml"
    if built.exists():
        return "seed", render.render(parse_file(built), "html")
    try:
        from pipeline.edition.build import convert_file, load_authority

        tree, _ = convert_file(SEED, authority=load_authority(PROJECT / "tei" / "authority.xml"))
        return "seed", render.render(tree, "html")
    except ImportError:
        return "fixture", render.render(parse_file(FIXTURE), "html")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    folder = tmp_path_factory.mktemp("site")
    _name, page = seed_page()
    (folder / "index.html").write_text(page, "utf-8")
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/index.html", folder
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


def test_seed_page_in_chromium(browser, site, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.by import By

    driver = browser
    url, _folder = site
    driver.get(url)
    assert driver.execute_script("return document.readyState") == "complete"

    # Nothing but the page itself is loaded.
    assert (
        driver.execute_script("return performance.getEntriesByType('resource').map(r => r.name)")
        == []
    )

    # Every internal link resolves to an element.
    dead = driver.execute_script("""
        return Array.from(document.querySelectorAll('a[href^="#"]'))
          .map(a => decodeURIComponent(a.getAttribute('href').slice(1)))
          .filter(id => !document.getElementById(id));""")
    assert dead == []
    links = driver.execute_script("return document.querySelectorAll('a[href^=\"#\"]').length")
    assert links > 20

    # A mention leads to its index entry, and the entry back to the mention.
    mention = next(
        m for m in driver.find_elements(By.CSS_SELECTOR, "a.mention") if m.is_displayed()
    )
    entry_id = mention.get_attribute("href").split("#", 1)[1]
    mention.click()
    assert driver.execute_script("return document.querySelector(':target').id") == entry_id
    driver.find_element(By.ID, entry_id).find_element(By.CSS_SELECTOR, "a.backlink").click()
    assert driver.execute_script(
        "return document.querySelector(':target').id"
    ) == mention.get_attribute("id")

    # The correction switch changes the visible text.
    choice = next(
        c for c in driver.find_elements(By.CSS_SELECTOR, "span.choice") if c.is_displayed()
    )
    corrected = choice.text
    driver.find_element(By.CSS_SELECTOR, "label[for='view-diplomatic']").click()
    assert driver.find_element(By.ID, "view-diplomatic").is_selected()
    transcribed = choice.text
    assert corrected and transcribed and corrected != transcribed
    assert transcribed == choice.find_element(By.CSS_SELECTOR, ".sic").get_attribute("textContent")
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

    # The print stylesheet drops the navigation and the switch.
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    assert not driver.find_element(By.CSS_SELECTOR, "nav.toc").is_displayed()
    assert not driver.find_element(By.CSS_SELECTOR, ".view-switch").is_displayed()
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    assert driver.find_element(By.CSS_SELECTOR, "nav.toc").is_displayed()

    # No console errors.
    errors = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
    assert errors == []


def test_seed_page_passes_axe_accessibility_rules(browser, site) -> None:  # type: ignore[no-untyped-def]
    script = axe_core_script()
    if script is None:
        pytest.skip(
            "axe-core is not installed (npm install --no-save axe-core, or set AXE_CORE_JS)"
        )
    driver = browser
    driver.get(site[0])
    driver.execute_script(script.read_text("utf-8"))
    violations = driver.execute_async_script("""
        const done = arguments[arguments.length - 1];
        axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa', 'best-practice']}})
          .then(result => done(result.violations.map(v => v.id + ': ' + v.nodes.length + ' ' + v.help)));""")
    assert violations == []
