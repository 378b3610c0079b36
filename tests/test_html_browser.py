"""The page in a real headless Chromium, offline: it draws the graph, logs no error, runs no payload.

Selenium drives the system's ``/usr/bin/chromium`` through ``/usr/bin/chromedriver`` (never
selenium-manager, which would download a browser). The network is cut twice: a dead proxy and a
host resolver that resolves nothing, so any remote asset would fail and be logged.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from html_corpus import XSS_TITLE, scierc_corpus, small_corpus, synthetic_corpus

from kg.export.html import write_html
from kg.export.html_select import DEFAULT_MAX_ENTITIES

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
    assert summary.entities_shown == DEFAULT_MAX_ENTITIES < summary.entities_total
    rendered_ms = _open(browser, page)
    assert browser.execute_script("return window.network.body.data.edges.length;") == summary.edges
    notes = browser.find_element("id", "kg-notes").text
    assert "less connected entities left out" in notes
    assert _severe(browser) == []
    view = _readability(browser)
    assert view.smallest_label_px >= 11, view
    assert view.crowded_labels <= 0.05 * view.labels, view
    ARTIFACTS.mkdir(exist_ok=True)
    browser.save_screenshot(str(ARTIFACTS / "html_scierc.png"))
    print(f"SciERC default view: {summary}; drawn after {rendered_ms:.0f} ms; {view}")


def test_default_overview_of_the_seed_build_is_readable_at_first_sight(
    browser, tmp_path: Path, repo_root: Path
) -> None:
    export = repo_root / "exports" / "paperkg.ttl"
    if not export.is_file():
        pytest.skip("exports/paperkg.ttl (the committed seed build) is not present")
    from kg.export.rdf import load_corpus

    page = tmp_path / "overview.html"
    summary = write_html(load_corpus(export), page)
    _open(browser, page)
    view = _readability(browser)
    assert view.labels == summary.entities_shown
    assert view.labelled_papers == 0  # papers are small squares; their titles show on hover
    assert view.smallest_label_px >= 11, view
    assert view.outside == 0, view  # the fitted view shows every label whole
    assert view.overlapping_pairs <= 0.01 * view.pairs, view
    assert view.crowded_labels <= 0.05 * view.labels, view
    ARTIFACTS.mkdir(exist_ok=True)
    browser.save_screenshot(str(ARTIFACTS / "html_overview.png"))
    print(f"seed overview: {summary}; {view}")


@dataclass(frozen=True, slots=True)
class _Readability:
    """How legible the entity labels are as the page first shows them, measured in the browser."""

    zoom: float
    labels: int
    smallest_label_px: float
    pairs: int
    overlapping_pairs: int
    crowded_labels: int
    outside: int
    labelled_papers: int

    def __str__(self) -> str:
        return (
            f"zoom {self.zoom:.3f}, {self.labels} entity labels, smallest {self.smallest_label_px:.1f} px on screen, "
            f"{self.overlapping_pairs} of {self.pairs} label pairs overlap, {self.crowded_labels} labels overlap "
            f"another label or glyph, {self.outside} outside the view"
        )


def _readability(driver) -> _Readability:
    """Every entity label's on-screen font size and box, and every entity glyph's box, at the current view.

    Boxes are vis-network's own measure of each label (``labelModule.size``, from the canvas's
    ``measureText``) moved by the label's ``vadjust``, as vis-network draws it, then mapped to
    screen pixels with ``canvasToDOM``: what a reader sees, whatever font the machine has.
    """
    found = driver.execute_script(
        """
        var net = window.network, scale = net.getScale(), labels = [], glyphs = [], labelledPapers = 0;
        var canvas = net.canvas.frame.canvas;
        Object.keys(net.body.nodes).forEach(function (id) {
          var node = net.body.nodes[id];
          if (node.options.kgType === 'Paper') { if (node.options.label) { labelledPapers += 1; } return; }
          var size = node.labelModule.size, lift = node.labelModule.fontOptions.vadjust || 0;
          var a = net.canvasToDOM({x: size.left, y: size.top + lift});
          var b = net.canvasToDOM({x: size.left + size.width, y: size.top + lift + size.height});
          var p = net.canvasToDOM({x: node.x, y: node.y}), r = node.options.size * scale;
          labels.push({id: id, px: node.labelModule.fontOptions.size * scale, box: [a.x, a.y, b.x, b.y]});
          glyphs.push({id: id, box: [p.x - r, p.y - r, p.x + r, p.y + r]});
        });
        return {zoom: scale, labels: labels, glyphs: glyphs, papers: labelledPapers,
                width: canvas.clientWidth, height: canvas.clientHeight};
        """
    )

    def overlap(a: list[float], b: list[float]) -> bool:
        return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]

    labels, glyphs = found["labels"], found["glyphs"]
    pairs = [(a, b) for i, a in enumerate(labels) for b in labels[i + 1:]]
    crowded = {
        label["id"] for label in labels
        for other in (*labels, *glyphs) if other["id"] != label["id"] and overlap(label["box"], other["box"])
    }
    outside = [
        label for label in labels
        if min(label["box"][:2]) < 0 or label["box"][2] > found["width"] or label["box"][3] > found["height"]
    ]
    return _Readability(
        zoom=found["zoom"], labels=len(labels), smallest_label_px=min(label["px"] for label in labels),
        pairs=len(pairs), overlapping_pairs=sum(overlap(a["box"], b["box"]) for a, b in pairs),
        crowded_labels=len(crowded), outside=len(outside), labelled_papers=found["papers"],
    )


def test_a_small_window_keeps_entity_labels_readable(browser, tmp_path: Path, repo_root: Path) -> None:
    """On a 1280x720 laptop window the fitted overview would shrink labels below 11 px; the first
    view keeps them readable instead (Reset still fits everything)."""
    export = repo_root / "exports" / "paperkg.ttl"
    if not export.is_file():
        pytest.skip("exports/paperkg.ttl (the committed seed build) is not present")
    from kg.export.rdf import load_corpus

    page = tmp_path / "small.html"
    write_html(load_corpus(export), page)
    browser.set_window_size(1280, 720)
    try:
        _open(browser, page)
        first = _readability(browser)
        browser.find_element("id", "kg-reset").click()
        fitted = _readability(browser)
    finally:
        browser.set_window_size(1400, 900)
    assert first.smallest_label_px >= 11, first
    assert fitted.smallest_label_px < 11 and fitted.outside == 0, fitted  # what a plain fit would show
