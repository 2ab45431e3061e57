"""HTML pages and RSS/Atom feeds become Articles with their metadata."""
from __future__ import annotations

import pytest

from rasd.io.readers import iter_articles

BODY = [
    "قالت مصادر أمنية إن اشتباكات اندلعت فجر الثلاثاء بين قوات الشرطة ومسلحين في أطراف مدينة كركوك.",
    "وأضافت المصادر أن الاشتباكات استمرت ساعتين وأسفرت عن مقتل ثلاثة مسلحين وإصابة شرطيين اثنين.",
    "وفرضت السلطات المحلية حظرا للتجوال في الأحياء القريبة من موقع الاشتباك حتى إشعار آخر.",
    "وأعلن محافظ كركوك أن التحقيقات جارية لمعرفة الجهة التي تقف وراء الهجوم على نقطة التفتيش.",
]

PAGE = """<!DOCTYPE html>
<html lang="ar" dir="rtl"><head><meta charset="utf-8">
<title>اشتباكات في كركوك | صحيفة المرصد</title>
<meta property="og:title" content="اشتباكات في كركوك">
<meta property="og:site_name" content="صحيفة المرصد">
<meta property="og:url" content="https://example.org/news/kirkuk-clashes">
<meta property="article:published_time" content="2024-03-05T08:00:00+03:00">
</head><body>
<nav><a href="/">الرئيسية</a> <a href="/world">العالم</a> <a href="/sport">رياضة</a></nav>
<article><h1>اشتباكات في كركوك</h1>
{paras}
</article>
<footer>جميع الحقوق محفوظة</footer>
</body></html>"""

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>وكالة الخبر</title><link>https://example.org</link>
<item><title>هجوم على نقطة تفتيش</title><link>https://example.org/a/1</link><guid>a-1</guid>
<pubDate>Tue, 05 Mar 2024 09:30:00 +0300</pubDate>
<description><![CDATA[<p>{p0}</p><p>{p1}</p>]]></description></item>
<item><title>English only</title><link>https://example.org/a/2</link><description>No Arabic here at all.</description></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>نشرة الأخبار</title><id>urn:feed</id><updated>2024-03-06T00:00:00Z</updated>
<entry><title>تظاهرة في البصرة</title><id>urn:e1</id><link href="https://example.org/e/1"/>
<updated>2024-03-06T10:00:00Z</updated>
<content type="html">&lt;p&gt;تظاهر المئات أمام مبنى المحافظة في البصرة للمطالبة بتحسين الكهرباء.&lt;/p&gt;</content></entry>
</feed>"""


def test_html_page_main_text_and_metadata(tmp_path):
    f = tmp_path / "kirkuk.html"
    f.write_text(PAGE.format(paras="\n".join(f"<p>{p}</p>" for p in BODY)), encoding="utf-8")
    (art,) = iter_articles([str(f)])
    assert art.error is None
    for p in BODY:
        assert p in art.text
    assert "الرئيسية" not in art.text and "جميع الحقوق" not in art.text
    assert art.title == "اشتباكات في كركوك"
    assert art.published == "2024-03-05"
    assert art.outlet == "صحيفة المرصد"
    assert art.url == "https://example.org/news/kirkuk-clashes"


@pytest.mark.parametrize("html, code", [
    ("<html><body><p>Only English words on this page, nothing else.</p></body></html>", "E104"),
    ("<html><head><title>صفحة فارغة</title></head><body></body></html>", "E111"),
])
def test_html_without_an_arabic_article_fails(tmp_path, html, code):
    f = tmp_path / "x.html"
    f.write_text(html, encoding="utf-8")
    (art,) = iter_articles([str(f)])
    assert art.error is not None and art.error.code == code


def test_rss_entries(tmp_path):
    f = tmp_path / "feed.xml"
    f.write_text(RSS.format(p0=BODY[0], p1=BODY[1]), encoding="utf-8")
    a, b = iter_articles([str(f)])
    assert a.error is None and a.text == BODY[0] + "\n" + BODY[1]
    assert (a.id, a.title, a.url, a.published, a.outlet) == ("a-1", "هجوم على نقطة تفتيش", "https://example.org/a/1", "2024-03-05", "وكالة الخبر")
    assert b.error is not None and b.error.code == "E104"


def test_atom_entry(tmp_path):
    f = tmp_path / "feed.xml"
    f.write_text(ATOM, encoding="utf-8")
    (a,) = iter_articles([str(f)])
    assert a.error is None
    assert a.text == "تظاهر المئات أمام مبنى المحافظة في البصرة للمطالبة بتحسين الكهرباء."
    assert (a.id, a.url, a.published, a.outlet) == ("urn:e1", "https://example.org/e/1", "2024-03-06", "نشرة الأخبار")


def test_xml_that_is_no_feed(tmp_path):
    f = tmp_path / "data.xml"
    f.write_text("<?xml version='1.0'?><root><x>نص</x></root>", encoding="utf-8")
    (a,) = iter_articles([str(f)])
    assert a.error is not None and a.error.code == "E111"
