"""The graph of notes: drawn, private-safe, current note marked, and a click opens a note."""

from __future__ import annotations

import json

from playwright.sync_api import Page

from livegarden.emitters.assets import ReaderSettings
from tests.browser.conftest import PageLog, Served, arrive, wait_until_settled

PAINTED = """canvas => {
    const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    let painted = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i] > 0) painted++;
    return painted;
}"""

NODE_TITLES = "e => e.lgGraph.nodes.map(node => node.title)"
CURRENT_TITLE = "e => e.lgGraph.byId[e.lgGraph.options.current].title"


def test_the_global_graph_draws_every_published_note_and_opens_one(
    garden: Served, page_and_log: tuple[Page, PageLog]
) -> None:
    page, log = page_and_log
    graph = json.loads((garden.site_dir / "livegarden/graph.json").read_text(encoding="utf-8"))
    titles = sorted(node["title"] for node in graph["nodes"])
    assert titles == ["Browser garden", "Eigenvectors", "Graph of notes", "Matrices"]
    page.goto(garden.url("garden/graph/"))
    wait_until_settled(page)
    container = page.locator(".lg-graph--global")
    assert container.get_attribute("data-lg-nodes") == "4"
    assert container.locator("canvas").evaluate(PAINTED) > 500
    assert page.locator(".lg-graph--local").count() == 0, "no local graph next to the global one"
    target = next(node for node in graph["nodes"] if node["title"] == "Eigenvectors")
    point = container.evaluate(f"e => e.lgGraph.clientPosition({json.dumps(target['id'])})")
    page.mouse.move(point["x"], point["y"])
    page.mouse.click(point["x"], point["y"])
    arrive(page, "**/maths/eigenvectors/", "Eigenvectors")
    assert log.errors == [] and log.failed == []


def test_every_page_has_a_local_graph_of_its_neighbours(
    garden: Served, page_and_log: tuple[Page, PageLog]
) -> None:
    page, _ = page_and_log
    page.goto(garden.url("maths/eigenvectors/"))
    wait_until_settled(page)
    local = page.locator(".lg-graph--local")
    # Depth 1: Eigenvectors, Matrices (linked both ways) and Home (links here); the graph page
    # is two links away.
    assert sorted(local.evaluate(NODE_TITLES)) == ["Browser garden", "Eigenvectors", "Matrices"]
    assert local.evaluate(CURRENT_TITLE) == "Eigenvectors"
    assert local.locator("canvas").evaluate(PAINTED) > 100
    page.goto(garden.url(""))
    wait_until_settled(page)
    home = page.locator(".lg-graph--local")
    assert home.get_attribute("data-lg-nodes") == "4"
    assert home.evaluate(CURRENT_TITLE) == "Browser garden"


def test_every_local_graph_leads_to_the_whole_garden_s_graph(
    garden: Served, page_and_log: tuple[Page, PageLog], phone_page: Page
) -> None:
    page, log = page_and_log
    for reader in (page, phone_page):  # beside the page, or under it on a phone
        reader.goto(garden.url("maths/eigenvectors/"))
        wait_until_settled(reader)
        whole = reader.locator(".lg-graph--local a.lg-graph__whole")
        assert whole.is_visible()
        whole.click()
        arrive(reader, "**/garden/graph/", "Graph of notes")
        wait_until_settled(reader)
        assert reader.locator(".lg-graph--global canvas").evaluate(PAINTED) > 500
    assert log.errors == [] and log.failed == []


CANVAS_DIGEST = """canvas => {
    const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    let digest = 0;
    for (let i = 0; i < data.length; i += 7) digest = (digest * 31 + data[i]) >>> 0;
    return digest;
}"""


def test_the_graph_is_redrawn_in_the_palette_the_reader_picks(
    garden: Served, page_and_log: tuple[Page, PageLog]
) -> None:
    page, log = page_and_log
    page.goto(garden.url("maths/matrices/"))
    wait_until_settled(page)
    canvas = page.locator(".lg-graph--local canvas")
    light = canvas.evaluate(CANVAS_DIGEST)
    page.locator("form[data-md-component='palette'] label:visible").first.click()
    page.wait_for_function("document.body.dataset.mdColorScheme === 'slate'")
    page.wait_for_timeout(100)
    assert canvas.evaluate(CANVAS_DIGEST) != light
    assert log.errors == []


def test_the_local_graph_reaches_as_far_as_graph_depth_says(
    garden: Served, page_and_log: tuple[Page, PageLog]
) -> None:
    page, _ = page_and_log
    # settings.js carries `graph_depth` from mkdocs.yml; serve it as a depth-2 build would.
    page.route(
        "**/livegarden/settings.js",
        lambda route: route.fulfill(
            content_type="text/javascript",
            body=ReaderSettings(graph_depth=2).to_script(),
        ),
    )
    page.goto(garden.url("maths/eigenvectors/"))
    wait_until_settled(page)
    titles = page.locator(".lg-graph--local").evaluate(NODE_TITLES)
    assert "Graph of notes" in titles, "two links away: Eigenvectors - Home - Graph of notes"
    assert len(titles) == 4


LABELS = """e => ({width: e.lgGraph.width, height: e.lgGraph.height, boxes: e.lgGraph.labelBoxes,
    current: e.lgGraph.label(e.lgGraph.byId[e.lgGraph.options.current]),
    dots: e.lgGraph.nodes.map(n => {
        const p = e.lgGraph.toScreen(n), r = e.lgGraph.radius(n);
        return {text: e.lgGraph.label(n), left: p.x - r, right: p.x + r, top: p.y - r,
                bottom: p.y + r};
    })})"""


def test_local_graph_labels_stay_inside_and_apart(
    docs_served: Served, page_and_log: tuple[Page, PageLog]
) -> None:
    """The home page links to every note: its local graph is the repository's most crowded."""
    page, _ = page_and_log
    page.goto(docs_served.url(""))
    wait_until_settled(page)
    state = page.locator(".lg-graph--local").evaluate(LABELS)
    boxes = state["boxes"]
    assert state["current"] in [box["text"] for box in boxes], "the current note is labelled"
    assert len(boxes) >= 6, boxes
    for box in boxes:
        assert box["left"] >= 0 and box["right"] <= state["width"], box
        assert box["top"] >= 0 and box["bottom"] <= state["height"], box
    texts = [box["text"] for box in boxes]
    assert "Linear Algebra for\nDeep Learning" in texts, "a long title on two lines, not cut"
    assert not any(text.endswith("\u2026") for text in texts), texts
    for box in boxes:  # no label over another note's dot
        for dot in state["dots"]:
            if dot["text"] != box["text"]:
                assert (
                    box["right"] <= dot["left"]
                    or dot["right"] <= box["left"]
                    or box["bottom"] <= dot["top"]
                    or dot["bottom"] <= box["top"]
                ), (box, dot)
    for i, one in enumerate(boxes):
        for other in boxes[i + 1 :]:
            apart = (
                one["right"] <= other["left"]
                or other["right"] <= one["left"]
                or one["bottom"] <= other["top"]
                or other["bottom"] <= one["top"]
            )
            assert apart, (one, other)
