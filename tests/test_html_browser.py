"""The page in a real headless Chromium, offline: it draws the graph, logs no error, runs no payload.

Selenium drives the system's ``/usr/bin/chromium`` through ``/usr/bin/chromedriver`` (never
selenium-manager, which would download a browser). The network is cut twice: a dead proxy and a
host resolver that resolves nothing, so any remote asset would fail and be logged.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from html_corpus import XSS_TITLE, scierc_corpus, small_corpus, synthetic_corpus

from kg.export.html import write_html

try:
    from selenium.common.exceptions import NoAlertPresentException
except ImportError:  # selenium is a test extra; the skip below explains a missing browser instead
    NoAlertPresentException = Exception

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not (CHROMIUM.exists() and CHROMEDRIVER.exists()),
        reason="needs /usr/bin/chromium and /usr/bin/chromedriver (Debian chromium, chromium-driver)",
    ),
]


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    """One offline headless Chromium for the module, with browser console logging on."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (
        "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-dev-shm-usage",
        f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}", "--proxy-server=127.0.0.1:9",
        "--host-resolver-rules=MAP * ~NOTFOUND", "--window-size=1400,900",
    ):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()


def _open(driver, page: Path) -> float:
    """Load ``page`` from file:// and wait for its first drawing; milliseconds until it drew."""
    driver.get(page.as_uri())
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        drawn = driver.execute_script("return window.kgRenderedMs || null;")
        if drawn is not None:
            return float(drawn)
        time.sleep(0.05)
    pytest.fail("the page never drew its network")


def _hover(driver, node_id: str) -> None:
    """Move the real mouse pointer onto a node, as a reader would to see its tooltip."""
    from selenium.webdriver.common.action_chains import ActionChains

    canvas = driver.find_element("css selector", "#mynetwork canvas")
    x, y, width, height = driver.execute_script(
        "var p = window.network.canvasToDOM(window.network.getPosition(arguments[1]));"
        "var r = arguments[0].getBoundingClientRect(); return [p.x, p.y, r.width, r.height];",
        canvas,
        node_id,
    )
    ActionChains(driver).move_to_element_with_offset(canvas, int(x - width / 2), int(y - height / 2)).perform()


def _severe(driver) -> list[str]:
    return [entry["message"] for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]


def test_page_draws_every_node_and_edge_offline_and_runs_no_payload(browser, tmp_path: Path) -> None:
    corpus = small_corpus()
    page = tmp_path / "small.html"
    summary = write_html(corpus, page)
    rendered_ms = _open(browser, page)

    counts = browser.execute_script(
        "return [window.network.body.data.nodes.length, window.network.body.data.edges.length,"
        " Object.keys(window.network.body.nodes).length];"
    )
    assert counts[:2] == [summary.nodes, summary.edges]
    assert counts[2] == summary.nodes
    assert browser.execute_script("return window.__xss === undefined;")
    titles = browser.execute_script(
        "return window.kgData.nodes.get().map(function (n) { return n.title.split('\\n')[0]; });"
    )
    assert XSS_TITLE in titles  # shown as text, not turned into an element
    assert browser.find_elements("css selector", "img") == []
    with pytest.raises(NoAlertPresentException):
        browser.switch_to.alert.text  # noqa: B018 - reading it is the check
    assert _severe(browser) == []
    assert rendered_ms < 10_000
    ARTIFACTS.mkdir(exist_ok=True)
    browser.save_screenshot(str(ARTIFACTS / "html_small.png"))


def test_hostile_title_shows_as_plain_text_in_its_tooltip(browser, tmp_path: Path) -> None:
    page = tmp_path / "small.html"
    write_html(small_corpus(), page)
    _open(browser, page)
    hostile = browser.execute_script(
        "var title = arguments[0];"
        "return window.kgData.nodes.get().filter(function (n) { return n.names[0] === title; })[0].id;",
        XSS_TITLE,
    )
    _hover(browser, hostile)
    deadline = time.monotonic() + 5
    tooltip = None
    while time.monotonic() < deadline:
        tooltip = browser.execute_script(
            "var t = document.querySelector('div.vis-tooltip');"
            "return t && t.style.visibility !== 'hidden' && t.innerText ? [t.innerText, t.children.length] : null;"
        )
        if tooltip:
            break
        time.sleep(0.05)
    assert tooltip is not None, "no tooltip appeared"
    text, children = tooltip
    assert text.startswith(XSS_TITLE)
    assert "upvotes: 3" in text and "authors: 1" in text
    assert all(child == "BR" for child in browser.execute_script(
        "return Array.from(document.querySelector('div.vis-tooltip').children).map(function (c) { return c.tagName; });"
    )), children
    assert browser.execute_script("return window.__xss === undefined;")
    ARTIFACTS.mkdir(exist_ok=True)
    browser.save_screenshot(str(ARTIFACTS / "html_tooltip.png"))


def test_clicking_an_entity_fades_everything_outside_its_neighbourhood(browser, tmp_path: Path) -> None:
    page = tmp_path / "small.html"
    write_html(small_corpus(), page)
    _open(browser, page)
    from selenium.webdriver.common.action_chains import ActionChains

    canvas = browser.find_element("css selector", "#mynetwork canvas")
    x, y, width, height = browser.execute_script(
        "var p = window.network.canvasToDOM(window.network.getPosition('entity/glue'));"
        "var r = arguments[0].getBoundingClientRect(); return [p.x, p.y, r.width, r.height];",
        canvas,
    )
    ActionChains(browser).move_to_element_with_offset(canvas, int(x - width / 2), int(y - height / 2)).click().perform()
    state = browser.execute_script(
        """
        var nodes = window.kgData.nodes;
        return {selected: window.network.getSelectedNodes(),
                faded: nodes.get().filter(function (n) { return String(n.color).indexOf('rgba(190') === 0; })
                                  .map(function (n) { return n.id; }).sort(),
                panel: document.getElementById('kg-details').hidden};
        """
    )
    assert state["selected"] == ["entity/glue"]
    glue_papers = {f"paper/{e.paper_key}" for e in small_corpus().edges if e.entity_key == "glue"}
    assert len(glue_papers) == 2
    every = {n["id"] for n in browser.execute_script("return window.kgData.nodes.get();")}
    assert set(state["faded"]) == every - glue_papers - {"entity/glue"}
    assert state["panel"] is False
    browser.find_element("id", "kg-reset").click()
    restored = browser.execute_script(
        "return window.kgData.nodes.get().filter(function (n) { return n.id.indexOf('paper/') === 0; })"
        ".map(function (n) { return n.color; });"
    )
    assert set(restored) == {"#8c8c8c"}


def test_search_finds_an_alias_and_type_filter_hides_nodes(browser, tmp_path: Path) -> None:
    page = tmp_path / "small.html"
    write_html(small_corpus(), page)
    _open(browser, page)
    browser.find_element("id", "kg-query").send_keys("lora\n")
    assert browser.execute_script("return window.network.getSelectedNodes();") == ["entity/low-rank-adaptation"]
    browser.find_element("css selector", '#kg-types input[value="Paper"]').click()
    nodes = browser.execute_script("return window.kgData.nodes.get();")
    hidden = {n["id"] for n in nodes if n.get("hidden")}
    assert hidden == {n["id"] for n in nodes if n["kgType"] == "Paper"}
    assert len(hidden) == 3
    ARTIFACTS.mkdir(exist_ok=True)
    browser.save_screenshot(str(ARTIFACTS / "html_search.png"))


@pytest.mark.slow
def test_a_5000_node_page_draws_within_seconds(browser, tmp_path: Path) -> None:
    page = tmp_path / "large.html"
    summary = write_html(synthetic_corpus(4000, 1000), page, max_entities=1000)
    assert summary.nodes > 4900
    rendered_ms = _open(browser, page)
    count = browser.execute_script("return window.network.body.data.nodes.length;")
    assert count == summary.nodes
    assert _severe(browser) == []
    assert rendered_ms < 15_000, f"first drawing after {rendered_ms:.0f} ms"
    ARTIFACTS.mkdir(exist_ok=True)
    browser.save_screenshot(str(ARTIFACTS / "html_large.png"))
    print(f"5,000-node page: {summary.nodes} nodes, {summary.edges} edges, drawn after {rendered_ms:.0f} ms")


def test_default_view_of_real_abstracts_is_capped_and_draws(browser, tmp_path: Path, shared_data: Path) -> None:
    corpus = scierc_corpus(shared_data / "scierc" / "train.json")
    page = tmp_path / "scierc.html"
    summary = write_html(corpus, page)
    assert summary.entities_shown == 150 < summary.entities_total
    rendered_ms = _open(browser, page)
    assert browser.execute_script("return window.network.body.data.edges.length;") == summary.edges
    notes = browser.find_element("id", "kg-notes").text
    assert "less connected entities left out" in notes
    assert _severe(browser) == []
    ARTIFACTS.mkdir(exist_ok=True)
    browser.save_screenshot(str(ARTIFACTS / "html_scierc.png"))
    print(f"SciERC default view: {summary}; drawn after {rendered_ms:.0f} ms")
