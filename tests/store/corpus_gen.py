"""A generated corpus of short Arabic reports (sentences written for these tests)."""
from __future__ import annotations

import datetime as dt
import json

from .fake_events import PLACES

OPENINGS = [
    "أفادت مصادر محلية باندلاع اشتباكات بين قوات الشرطة ومسلحين في {p}.",
    "قال مسؤول أمني إن دورية للشرطة تعرضت لإطلاق نار قرب {p}.",
    "شهدت أطراف {p} مواجهات مسلحة استمرت عدة ساعات.",
]
MIDDLES = [
    "وأضاف المصدر أن التعزيزات وصلت إلى المنطقة بعد منتصف الليل.",
    "ولم تعلن أي جهة مسؤوليتها عن الهجوم حتى الآن.",
    "وأغلقت القوات الأمنية الطرق المؤدية إلى موقع الحادث.",
    "وأكد شهود عيان سماع دوي انفجارات متتالية.",
]
OUTLETS = ["وكالة الرصد", "صحيفة الميدان", "قناة الخبر"]


def write_corpus(path, n: int, start: dt.date = dt.date(2024, 3, 1)) -> None:
    """n JSON lines: reports on five places over eight days from three outlets."""
    places = list(PLACES)
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(n):
            p = places[i % len(places)]
            text = (OPENINGS[i % 3].format(p=p) + " " + MIDDLES[(i // 3) % 4] + " " + MIDDLES[(i // 7) % 4]
                    + f" وذكر البيان رقم {i} أن التحقيق جار.")
            rec = {"id": f"r{i:05d}", "text": text, "published": (start + dt.timedelta(days=(i // 5) % 8)).isoformat(),
                   "source": OUTLETS[(i // 40) % 3]}
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
