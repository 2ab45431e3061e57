"""A large synthetic Arabic news corpus for the ingest benchmark.

Every sentence below was written for rasd; documents recombine them with
places, actors, numbers and days, so that the corpus holds real-looking
events (clashes, bombings, air strikes, protests, arrests), several outlets
report the same happening, and the text runs to about 1-3 KB a document.
"""
from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path

PLACES = [  # Arabic name as news writes it, governorate
    ("كركوك", "كركوك"), ("الموصل", "نينوى"), ("تكريت", "صلاح الدين"), ("بعقوبة", "ديالى"), ("الرمادي", "الأنبار"),
    ("سامراء", "صلاح الدين"), ("الفلوجة", "الأنبار"), ("الحويجة", "كركوك"), ("سنجار", "نينوى"), ("مدينة الصدر", "بغداد"),
    ("درعا", "درعا"), ("إدلب", "إدلب"), ("دير الزور", "دير الزور"), ("الرقة", "الرقة"), ("حلب", "حلب"),
    ("صعدة", "صعدة"), ("الحديدة", "الحديدة"), ("تعز", "تعز"), ("مأرب", "مأرب"), ("عدن", "عدن"),
]
ACTORS = ["الجيش العراقي", "الشرطة الاتحادية", "قوات الحشد الشعبي", "تنظيم داعش", "مسلحون مجهولون",
          "قوات سوريا الديمقراطية", "الجيش السوري", "جماعة الحوثي", "التحالف بقيادة السعودية", "القوات الحكومية"]
NUMBERS = ["اثنان", "ثلاثة", "أربعة", "خمسة", "ستة", "سبعة", "عشرة", "12", "15", "20"]
DAYS = ["أمس", "اليوم", "الأحد", "الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "فجر اليوم"]
OUTLETS = ["وكالة الرصد", "صحيفة الميدان", "قناة الخبر", "موقع النبأ", "إذاعة المدينة"]

HEADLINES = {
    "clash": "اشتباكات بين {a1} و{a2} في {p}",
    "bomb": "مقتل {n} في تفجير سيارة مفخخة في {p}",
    "air": "غارة جوية تستهدف موقعا في {p}",
    "protest": "مئات المتظاهرين يطالبون بالخدمات في {p}",
    "arrest": "اعتقال مشتبه بهم في {p}",
}
LEADS = {
    "clash": ["اندلعت اشتباكات عنيفة {d} بين {a1} و{a2} في {p}، ما أسفر عن مقتل {n} مسلحين بحسب مصادر أمنية.",
              "قالت مصادر محلية إن {a1} خاضت مواجهات مع {a2} قرب {p} {d} وقتل فيها {n} أشخاص."],
    "bomb": ["قتل {n} أشخاص وأصيب آخرون {d} في انفجار سيارة مفخخة وسط {p}.",
             "انفجرت عبوة ناسفة {d} في سوق مزدحم في {p}، ما أدى إلى مقتل {n} مدنيين."],
    "air": ["شن {a1} غارة جوية {d} على موقع في {p}، وقالت مصادر طبية إن {n} قتلوا في الغارة.",
            "استهدفت طائرات {a1} {d} مواقع لـ{a2} في {p} ولم ترد أنباء عن الضحايا."],
    "protest": ["تظاهر مئات من أهالي {p} {d} أمام مبنى المحافظة للمطالبة بتحسين الكهرباء والماء.",
                "خرج محتجون في {p} {d} رافعين لافتات تطالب بفرص عمل، وفرقتهم {a1} بالغاز المسيل للدموع."],
    "arrest": ["اعتقلت {a1} {d} {n} مشتبه بهم بالانتماء إلى {a2} في عملية دهم في {p}.",
               "أعلنت {a1} {d} القبض على {n} أشخاص متهمين بالتخطيط لهجمات في {p}."],
}
BODY = [
    "وأضاف المصدر أن قوات إضافية وصلت إلى المنطقة وفرضت طوقا أمنيا حول موقع الحادث.",
    "ولم تعلن أي جهة مسؤوليتها عن الهجوم حتى ساعة إعداد هذا الخبر.",
    "وذكر شهود عيان أنهم سمعوا دوي انفجارات متتالية استمرت قرابة ساعة.",
    "ونقل الجرحى إلى مستشفى المدينة حيث وصفت حالة بعضهم بالحرجة.",
    "وقال مسؤول محلي في {g} إن السلطات فتحت تحقيقا لمعرفة ملابسات ما جرى.",
    "وتشهد المنطقة توترا أمنيا منذ أسابيع بسبب هجمات متفرقة على نقاط التفتيش.",
    "وأغلقت الطرق المؤدية إلى {p} أمام حركة السيارات حتى إشعار آخر.",
    "ودعا سكان المنطقة الحكومة إلى تعزيز الأمن وحماية المدنيين.",
    "وأشار بيان رسمي إلى أن العمليات مستمرة لملاحقة المتورطين.",
    "وقال المتحدث باسم قيادة العمليات إن الوضع تحت السيطرة الآن.",
    "وتأتي هذه الحادثة بعد أيام من هجوم مماثل استهدف قرية مجاورة.",
    "وأفادت منظمة إنسانية بأن عشرات العائلات نزحت من القرى القريبة خوفا من تجدد القتال.",
    "وأكد محافظ {g} أن الخدمات ستعود إلى طبيعتها خلال الأيام المقبلة.",
    "ولفت مراقبون إلى أن المنطقة شهدت تراجعا في الهجمات خلال الأشهر الماضية.",
    "ووعدت الحكومة بصرف تعويضات لعائلات الضحايا وإعادة إعمار ما تضرر.",
]


def make_doc(i: int, rnd: random.Random, start: dt.date) -> dict:
    """Document i: a happening reported by one of a few outlets, 1-3 KB of text."""
    # Every happening is told by up to three outlets: same seed, different wording.
    happening = i // 3
    h = random.Random(happening)
    kind = h.choice(list(HEADLINES))
    p, g = h.choice(PLACES)
    a1, a2 = h.sample(ACTORS, 2)
    n = h.choice(NUMBERS)
    day = start + dt.timedelta(days=h.randrange(0, 730))
    slots = {"p": p, "g": g, "a1": a1, "a2": a2, "n": n, "d": rnd.choice(DAYS)}
    sents = [rnd.choice(LEADS[kind]).format(**slots)]
    for s in rnd.sample(BODY, rnd.randint(6, 14)):
        sents.append(s.format(**slots))
    sents.append(f"وبلغ عدد البلاغات المسجلة لدى الشرطة في المحافظة هذا العام {rnd.randint(10, 9999)} بلاغا.")
    paras = [" ".join(sents[k : k + 3]) for k in range(0, len(sents), 3)]
    return {"id": f"b{i:06d}", "title": HEADLINES[kind].format(**slots), "text": HEADLINES[kind].format(**slots) + "\n\n" + "\n".join(paras),
            "published": (day + dt.timedelta(days=rnd.randint(0, 1))).isoformat(), "source": OUTLETS[(i + happening) % len(OUTLETS)]}


def write_corpus(folder: Path, n: int, shard: int = 10_000, seed: int = 1) -> list[Path]:
    """n documents as JSON-lines shards in `folder`; returns the shard paths."""
    folder.mkdir(parents=True, exist_ok=True)
    rnd = random.Random(seed)
    start = dt.date(2022, 1, 1)
    paths = []
    for s in range(0, n, shard):
        path = folder / f"corpus-{s // shard:03d}.jsonl"
        with path.open("w", encoding="utf-8") as fh:
            for i in range(s, min(n, s + shard)):
                fh.write(json.dumps(make_doc(i, rnd, start), ensure_ascii=False) + "\n")
        paths.append(path)
    return paths
