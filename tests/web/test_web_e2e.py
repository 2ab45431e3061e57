"""End to end in a real headless Chromium against `rasd serve` over the ingested
corpus: markers on the map, a country filter that changes the table, an event
that opens its article with the evidence highlighted, Arabic right-to-left,
the paste box.  Screenshots are saved under the test's tmp dir."""
from __future__ import annotations

import httpx
import pytest

from .browser import save_shot


def api(server, path, **params):
    return httpx.get(server.url + path, params=params, timeout=10).json()


def settled(page):
    """Wait until the table, map and timeline are all drawn for the current filters."""
    page.wait_for_selector("body[data-loaded]:not([data-busy])", state="attached")


def open_events(page, server):
    page.goto(server.url + "/")
    settled(page)
    page.wait_for_selector("tr.event-row")


def test_map_shows_a_marker_per_located_event(page, server, tmp_path):
    open_events(page, server)
    points = api(server, "/api/events/points")["points"]
    assert len(points) >= 6
    markers = page.locator("#map circle.marker")
    assert markers.count() == len(points)
    assert {markers.nth(i).get_attribute("data-id") for i in range(markers.count())} == {p[0] for p in points}
    # Sized by fatalities: the Kirkuk bombing (5 killed) is drawn larger than an event with no deaths.
    radius = {markers.nth(i).get_attribute("data-id"): float(markers.nth(i).get_attribute("r")) for i in range(markers.count())}
    biggest = max(points, key=lambda p: p[5] or 0)
    none = next(p for p in points if not p[5])
    assert radius[biggest[0]] > radius[none[0]]
    # Coloured by type: one fill per event type.
    fills = {markers.nth(i).get_attribute("data-type"): markers.nth(i).get_attribute("fill") for i in range(markers.count())}
    assert len(set(fills.values())) == len(fills) >= 3
    # Markers sit inside the drawn map.
    box = page.locator("#map").bounding_box()
    for i in range(markers.count()):
        m = markers.nth(i).bounding_box()
        assert box["x"] <= m["x"] + m["width"] / 2 <= box["x"] + box["width"]
    if httpx.get(server.url + "/map/countries.geojson").status_code == 200:
        assert page.locator("#map path.country").count() > 150  # offline outlines, no tile server
    days = {d["date"] for d in api(server, "/api/events/timeline")["days"]}
    assert page.locator("#timeline g.day").count() == len(days)
    save_shot(page, tmp_path, "web-events.png")
    assert page.errors == [] and page.evaluate("window.__violations") == []


@pytest.mark.parametrize("code", ["YE", "IQ"])
def test_country_filter_changes_the_table(page, server, code):
    open_events(page, server)
    rows = page.locator("tr.event-row")
    before = rows.count()
    want = api(server, "/api/events", country=code)["total"]
    assert 0 < want < before
    page.select_option("#f-country", code)
    page.wait_for_function(
        "([code, n]) => { const r = [...document.querySelectorAll('tr.event-row')];"
        " return r.length === n && r.every((x) => x.dataset.country === code); }", arg=[code, want])
    settled(page)
    assert rows.count() == want
    assert page.locator("#map circle.marker").count() == len(api(server, "/api/events/points", country=code)["points"])
    assert f"country={code}" in page.get_attribute("#export-link", "href")


def test_clicking_an_event_opens_its_article_with_evidence(page, server, tmp_path):
    open_events(page, server)
    ev = next(e for e in api(server, "/api/events", text="كركوك")["events"] if e["n_reports"] == 2)
    page.click(f"tr.event-row[data-id='{ev['id']}']")
    page.wait_for_url(f"**/#/event/{ev['id']}")
    page.wait_for_selector(".article-text mark.ev")
    full = api(server, f"/api/events/{ev['id']}")
    first = full["reports"][0]
    assert page.locator(".reports li").count() == 2
    assert page.inner_text(".article-title") == first["title"]
    # Every located evidence field of the report is marked in the text, and the marks hold its words.
    located = {k: v for k, v in first["event"]["evidence"].items() if v.get("start") is not None}
    for field, v in located.items():
        marks = page.locator(f".article-text mark.ev[data-ev~='{field}']")
        assert marks.count() >= 1, field
        assert "".join(marks.all_inner_texts()) == v["text"]
    assert "كركوك" in "".join(page.locator(".article-text mark.ev[data-ev~='location']").all_inner_texts())
    # The evidence list links each field to its mark; the card links to the event record.
    page.click("table.evidence tr[data-field='fatalities']")
    page.wait_for_selector(".article-text mark.flash")
    assert page.locator(".event-card.selected a.record-link").get_attribute("href") == f"#/event/{ev['id']}"
    assert page.get_attribute(".article-text", "dir") == "rtl"
    save_shot(page, tmp_path, "web-event.png")
    # The second report opens its own article.
    page.locator(".reports li").nth(1).locator("button").click()
    page.wait_for_function("(t) => document.querySelector('.article-title').textContent === t", arg=full["reports"][1]["title"])
    assert page.errors == []


def test_clicking_a_marker_opens_the_event(page, server):
    open_events(page, server)
    pid = api(server, "/api/events/points", country="LY")["points"][0][0]
    page.locator(f"#map circle.marker[data-id='{pid}']").click()
    page.wait_for_url(f"**/#/event/{pid}")
    page.wait_for_selector(".article-text")


def test_sorting_by_clicking_a_heading(page, server):
    open_events(page, server)
    page.click("th[data-sort='fatalities']")
    top = max(e["fatalities"] or 0 for e in api(server, "/api/events")["events"])
    page.wait_for_function("() => document.querySelector(\"th[data-sort='fatalities']\").dataset.order === 'desc'")
    page.wait_for_function("(n) => document.querySelector('tr.event-row td:nth-child(6)').textContent.startsWith(String(n))", arg=top)
    page.click("th[data-sort='fatalities']")
    page.wait_for_function("() => document.querySelector(\"th[data-sort='fatalities']\").dataset.order === 'asc'")


def test_arabic_interface_is_right_to_left(page, server, tmp_path):
    open_events(page, server)
    page.click("#lang-toggle")
    page.wait_for_function("() => document.documentElement.dir === 'rtl'")
    assert page.get_attribute("html", "lang") == "ar"
    assert page.inner_text("th[data-sort='date']") == "التاريخ"
    page.wait_for_function("() => [...document.querySelectorAll('tr.event-row td:nth-child(2)')].some((td) => td.textContent.includes('معارك'))")
    save_shot(page, tmp_path, "web-events-ar.png")
    page.reload()  # the choice is remembered
    page.wait_for_function("() => document.documentElement.dir === 'rtl'")


def test_paste_box_extracts_at_once_without_storing(page, server):
    before = api(server, "/api/stats")
    page.goto(server.url + "/#/extract")
    assert page.locator("#store-controls").is_hidden()  # read-only server: no store option
    page.fill("#extract-form textarea", "قتل ثلاثة جنود في هجوم على حاجز للجيش في درعا يوم الخميس.")
    page.fill("#extract-form input[name=published]", "2024-03-10")
    page.click("#extract-form button[type=submit]")
    page.wait_for_selector("#extract-result .article-text mark.ev")
    assert "درعا" in "".join(page.locator("#extract-result mark.ev[data-ev~='location']").all_inner_texts())
    assert page.locator("#extract-result .event-card").count() >= 1
    assert api(server, "/api/stats") == before


def test_tile_server_setting_draws_tiles_under_the_outlines(browser, corpus_db):
    """With --tiles the map requests raster tiles (here from a closed loopback port: nothing leaves the machine)."""
    from .browser import Server

    srv = Server(corpus_db, extra=("--tiles", "http://127.0.0.1:9/{z}/{x}/{y}.png")).wait()
    ctx = browser.new_context(viewport={"width": 1200, "height": 900})
    try:
        page = ctx.new_page()
        page.goto(srv.url + "/")
        settled(page)
        page.wait_for_timeout(400)  # tiles are redrawn a moment after the map settles
        page.wait_for_selector("#map .tiles image", state="attached")
        hrefs = page.eval_on_selector_all("#map .tiles image", "(xs) => xs.map((x) => x.getAttribute('href'))")
        assert hrefs and all(h.startswith("http://127.0.0.1:9/") and h.endswith(".png") for h in hrefs)
        z = {int(h.split("/")[3]) for h in hrefs}
        assert len(z) == 1 and 2 <= z.pop() <= 8  # one zoom level, regional
        assert page.locator("#map circle.marker").count() > 0
    finally:
        ctx.close()
        srv.stop()
