"""The web tests' corpus: Arabic articles written for these tests, and helpers
to ingest it and to open a TestClient over it."""
from __future__ import annotations

import json
import os
import warnings
from pathlib import Path

# Articles written for these tests (not taken from any outlet).  Two report the
# same bombing in Kirkuk (they merge into one event); one carries HTML that must
# render as text.
ARTICLES = [
    dict(id="kirkuk-bomb-a", outlet="وكالة الرافدين", published="2024-03-12", title="انفجار في سوق كركوك",
         text="قتل خمسة مدنيين وأصيب ثمانية آخرون يوم الثلاثاء في انفجار عبوة ناسفة داخل سوق شعبي في مدينة كركوك شمالي العراق، "
              "بحسب ما أعلنت الشرطة المحلية.\nوقال مدير الشرطة في تصريح صحفي إن \"العبوة كانت مخبأة داخل عربة خضار\"."),
    dict(id="kirkuk-bomb-b", outlet="صحيفة الشمال", published="2024-03-12", title="ضحايا عبوة ناسفة في كركوك",
         text="أفادت مصادر أمنية بمقتل ستة مدنيين في انفجار عبوة ناسفة استهدف سوقا في كركوك اليوم الثلاثاء."),
    dict(id="sanaa-protest", outlet="موقع اليمن اليوم", published="2024-03-10", title="وقفة احتجاجية للمعلمين",
         text="تظاهر مئات المعلمين يوم الأحد أمام مبنى وزارة التربية في العاصمة اليمنية صنعاء للمطالبة بصرف رواتبهم المتأخرة منذ أشهر."),
    dict(id="idlib-strikes", outlet="شبكة الشام", published="2024-03-09", title="غارات على ريف إدلب",
         text="شنت طائرات حربية غارات جوية على قرى في ريف إدلب يوم الجمعة، ما أدى إلى مقتل ثلاثة أشخاص بينهم طفل، "
              "وفق المرصد السوري لحقوق الإنسان."),
    dict(id="sirte-clashes", outlet="بوابة ليبيا", published="2024-03-10", title="اشتباكات في سرت",
         text="اندلعت اشتباكات عنيفة بين قوات الجيش الليبي ومسلحين في مدينة سرت يوم السبت، وقال المتحدث باسم الجيش إن "
              "\"القوات سيطرت على المنطقة بالكامل\" بعد مقتل أربعة مسلحين."),
    dict(id="basra-protest", outlet="وكالة الرافدين", published="2024-03-05", title="احتجاجات في البصرة",
         text="خرج المئات من أهالي البصرة يوم الاثنين في تظاهرة للمطالبة بتحسين خدمات الكهرباء والماء، "
              "وأغلق المحتجون طريقا رئيسيا وسط المدينة."),
    dict(id="mosul-attack", outlet="صحيفة الشمال", published="2024-02-28", title="هجوم على نقطة تفتيش",
         text="قتل جنديان عراقيان وأصيب ثالث في هجوم شنه مسلحون من تنظيم داعش على نقطة تفتيش للجيش العراقي جنوب الموصل مساء الثلاثاء."),
]
XSS_SCRIPT = "<script>window.__xss=1;alert(1)</script>"
XSS_IMG = "<img src=x onerror=\"window.__xss=2;alert(2)\">"
XSS_ARTICLE = dict(
    id="xss-article", outlet=XSS_IMG, published="2024-03-11", title=XSS_SCRIPT + "عنوان",
    text=f"قتل رجلان في اشتباك مسلح بمدينة الفلوجة العراقية يوم الأحد {XSS_SCRIPT} وقال شهود {XSS_IMG} إن الاشتباك استمر ساعة.",
)
CORPUS = ARTICLES + [XSS_ARTICLE]
PG_URL = os.environ.get("RASD_TEST_PG_URL")


def write_corpus(folder: Path) -> Path:
    """The test corpus as one JSON-lines file in `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "corpus.jsonl"
    path.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in CORPUS), encoding="utf-8")
    return path


def ingest_corpus(db: str, folder: Path) -> None:
    from rasd.store.ingest import ingest

    summary = ingest([str(write_corpus(folder))], db, jobs=1)
    assert summary.stored == len(CORPUS) and summary.failed == 0, summary.errors


def client_for(settings):
    """A TestClient over an app with `settings`, addressed as 127.0.0.1 (the Host check allows it)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # starlette's notice about httpx versions
        from fastapi.testclient import TestClient
    from rasd.web.app import create_app

    return TestClient(create_app(settings), base_url="http://127.0.0.1")


TOKEN = "test-token-" + "x" * 8
