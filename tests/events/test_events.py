"""The events stage on sentences written for these tests (published 2024-03-11, a Monday)."""
import pytest

from rasd.output import doc_record

PUB = "2024-03-11"


def events_of(pipeline, text, published=PUB):
    return doc_record(pipeline.extract(text, published=published))["events"]


def one(pipeline, text, published=PUB):
    evs = events_of(pipeline, text, published)
    assert len(evs) == 1, [(e["sub_event_type"], e["evidence"]["event"]["text"]) for e in evs]
    return evs[0]


def name(actor):
    return actor["name"] if actor else None


@pytest.mark.parametrize(
    "text, sub, actor1, actor2, date, place, dead",
    [
        # passive "قتل" with a number: the soldiers are the victims, the gunmen the attackers
        ("قتل ثلاثة جنود عراقيين أمس في هجوم شنه مسلحون على نقطة تفتيش في الموصل.",
         "Armed clash", "Unidentified Armed Group", "Military Forces of Iraq", "2024-03-10", "Mosul", 3),
        # an air strike by the coalition ("لطائرات التحالف") in Yemen, a weekday date
        ("قتل خمسة من عناصر جماعة الحوثي بغارة لطائرات التحالف على موقع لهم في مدينة صعدة يوم السبت.",
         "Air/drone strike", "Saudi-led Coalition", "Houthis", "2024-03-09", "Sa'dah", 5),
        # a roadside bomb; unknown perpetrator by default; civilians killed
        ("قتل مدنيان بانفجار عبوة ناسفة في سوق بمدينة بعقوبة اليوم.",
         "Remote explosive/landmine/IED", "Unidentified Armed Group", "Civilians", "2024-03-11", "Baqubah", 2),
        # a suicide car bomb outranks the explosion word
        ("فجر انتحاري سيارة مفخخة قرب مركز للشرطة في مدينة كركوك أمس ما أدى إلى مقتل أربعة أشخاص.",
         "Suicide bomb", None, None, "2024-03-10", "Kirkuk", 4),
        # a light verb carries the noun: "القوات العراقية تشن غارات"
        ("القوات العراقية تشن غارات جوية على مواقع لتنظيم داعش في الموصل أمس.",
         "Air/drone strike", "Military Forces of Iraq", "Islamic State", "2024-03-10", "Mosul", None),
        # "عشرات" counts as 10 when nothing more precise is given
        ("قتل عشرات المدنيين في قصف مدفعي على بلدة في ريف إدلب الجنوبي أمس.",
         "Shelling/artillery/missile attack", None, "Civilians", "2024-03-10", None, 10),
        # an abduction by a named group
        ("اختطف مسلحون من تنظيم داعش عشرة رعاة في بادية الأنبار يوم الجمعة.",
         "Abduction/forced disappearance", None, None, "2024-03-08", None, None),
    ],
)
def test_violent_events(pipeline, text, sub, actor1, actor2, date, place, dead):
    ev = one(pipeline, text)
    assert ev["sub_event_type"] == sub
    if actor1:
        assert actor1 in name(ev["actor1"])
    if actor2:
        assert actor2 in name(ev["actor2"])
    assert ev["event_date"] == date
    if place:
        assert place in (ev["location"] or "") or place in (ev["admin1"] or "")
    assert ev["fatalities"] == dead
    # the evidence of every field is the article's own words
    for evd in ev["evidence"].values():
        if evd["start"] is not None:
            assert text[evd["start"] : evd["end"]] == evd["text"]


@pytest.mark.parametrize(
    "text",
    [
        "لم يسفر الهجوم عن وقوع إصابات.",                       # negated
        "هدد التنظيم بشن هجمات جديدة على المدينة.",              # a threat
        "تزايدت وتيرة الهجمات في المنطقة خلال الأشهر الماضية.",   # a trend
        "وتعتزم الحكومة استعادة السيطرة على المدينة.",            # a plan
        "ويسيطر التنظيم على مناطق واسعة في الصحراء.",             # a state, not a change
        "وقال التحالف إن العملية لن تتوقف إلا في حال انسحاب المسلحين من المدينة.",  # a condition
        "ونقل المهاجرون إلى مراكز احتجاز في جنوب البلاد.",          # a kind of place
        "وجرى أمس إطلاق سراح أسرى ومعتقلين من سجن المدينة.",          # a release
        'وأوضح المسؤول أن الميناء ممر لتهريب "الصواريخ" إلى مدينة صعدة.',  # weapons as goods
        "ورفضت الحكومة التي تسيطر على العاصمة خطة وقف إطلاق النار التي قدمها الوسطاء.",  # a deal turned down
        "وترفض الفصائل أي اتفاق مع دمشق.",  # a deal refused
        "وقال المحلل إن خسارة المدينة شكلت ضربة للتنظيم.",  # a blow as a figure of speech
        "وكان مقتل القائد ضربة قاضية للجماعة.",
        "وقال الرئيس إنه يريد استعادة السيطرة على البلاد كلها.",  # a wish
    ],
)
def test_not_events(pipeline, text):
    assert events_of(pipeline, text) == []


def test_a_rejection_elsewhere_does_not_undo_an_agreement_or_an_attack(pipeline):
    ev = one(pipeline, "ووقعت الحكومة والمعارضة اتفاقا لوقف إطلاق النار في المدينة يوم الأحد.")
    assert ev["sub_event_type"] == "Agreement"
    ev = one(pipeline, "ورفض المسلحون تسليم أسلحتهم ثم هاجموا حاجزا للجيش في المدينة.")
    assert ev["event_type"] == "Battles"


@pytest.mark.parametrize(
    "text, key, status",
    [
        ("وقال القائد إن القوات المهاجمة وصلت إلى أطراف المدينة.", "مهاجمه", "descriptive"),
        ("وقامت القوات بمهاجمة مواقع المسلحين.", "مهاجمه", "ok"),  # the verbal noun with its object
        ("وجددت الحكومة مطالبتها للمسلحين بالانسحاب من المدينة.", "الانسحاب", "modal"),
        ("وقال الرئيس إنه يريد استعادة السيطرة على البلاد.", "استعاده السيطره", "modal"),
        ("وقال المحلل إن خسارة المدينة شكلت ضربة للتنظيم.", "ضربه", "figurative"),
        ("ورفضت الحكومة خطة وقف إطلاق النار.", "وقف اطلاق النار", "rejected"),
        ("وقالت الحكومة إنها تقصف مواقع المسلحين وحدهم.", "تقصف", "generic"),  # a claim of what one does
        ("وقال البيان إن الغارات تهدف إلى إضعاف التنظيم.", "الغارات", "purpose"),  # what they are for
        ("وقال الناشطون إنهم تظاهروا أمام مبنى المحافظة.", "تظاهروا", "ok"),  # a past act told
        ("وأعلن الجيش أنه استهدف مواقع المسلحين.", "استهدف", "ok"),
    ],
)
def test_trigger_status(pipeline, text, key, status):
    doc = pipeline.extract(text, published=PUB)
    assert [t.attrs["status"] for t in doc.triggers if t.attrs["key"] == key] == [status]


def test_between_needs_a_coordinated_second_side(pipeline):
    # the police are the source here, not a side of the clash
    ev = one(pipeline, "اندلعت اشتباكات عنيفة بين جماعات مسلحة في مدينة مصراتة أمس، بحسب الشرطة.")
    assert "police" not in str((ev["actor1"] or {}).get("id")) + str((ev["actor2"] or {}).get("id"))
    # "بينهم" (among them) lists victims: it names no sides
    ev = one(pipeline, "قتل 10 أشخاص بينهم نساء وأطفال في غارات لطائرات التحالف على بلدة سراقب أمس.")
    assert ev["actor1"]["id"] == "global-coalition" and ev["actor2"]["id"].startswith("civilians")
    ev = one(pipeline, "واندلعت اشتباكات بين الجيش وتنظيم الدولة في مدينة الموصل أمس.")
    assert (ev["actor1"]["id"], ev["actor2"]["id"]) == ("military-forces:IQ", "islamic-state")


@pytest.mark.parametrize(
    "text",
    [
        "قتل خمسة من المدنيين الذين نزحوا من مدينة حمص أمس في سقوط قذيفة.",
        "وقتل ثلاثة من الفارين من مدينة حلب أمس بانفجار لغم.",
    ],
)
def test_the_place_people_fled_is_not_the_scene(pipeline, text):
    ev = one(pipeline, text)
    assert ev["location"] not in ("Homs", "Aleppo") and ev["country_code"] == "SY"


def test_a_strike_carried_out_is_still_a_strike(pipeline):
    ev = one(pipeline, "ونفذت طائرات التحالف ضربة على مواقع المسلحين في المدينة أمس.")
    assert ev["sub_event_type"] == "Air/drone strike"
    ev = one(pipeline, "وقامت القوات بمهاجمة مواقع المسلحين في المدينة أمس.")
    assert ev["event_type"] == "Battles"


def test_agreement_between_two_capitals_names_their_governments(pipeline):
    ev = one(pipeline, "وفي 14 شباط (فبراير) الماضي اتفقت بغداد وأنقرة على تعزيز التعاون الأمني على الحدود.")
    assert (ev["event_type"], ev["sub_event_type"]) == ("Strategic developments", "Agreement")
    assert ev["actor1"]["id"] == "gov-iq" and ev["actor2"]["id"] == "gov-tr"
    assert ev["event_date"] == "2024-02-14"


def test_arrest(pipeline):
    ev = one(pipeline, "اعتقلت قوات الشرطة الاتحادية خمسة مشتبه بهم في منطقة الدورة جنوبي بغداد الاثنين.")
    assert ev["sub_event_type"] == "Arrests"
    assert "Federal Police" in ev["actor1"]["name"]
    assert ev["event_date"] == "2024-03-11"


def test_headline_and_body_are_one_event(pipeline):
    text = (
        "مقتل جنديين في هجوم قرب الموصل\n\n"
        "قتل جنديان عراقيان وأصيب ثلاثة آخرون مساء الأحد في هجوم لتنظيم داعش على موقع عسكري في قرية بادوش غرب الموصل.\n"
        "وقال مصدر أمني إن الهجوم استمر ساعة.\n"
    )
    evs = events_of(pipeline, text)
    assert len(evs) == 1
    ev = evs[0]
    assert ev["fatalities"] == 2 and ev["event_date"] == "2024-03-10"
    assert ev["actor1"]["name"] == "Islamic State"


def test_a_list_of_towns_is_one_event_per_town(pipeline):
    evs = events_of(pipeline, "شن الطيران الحربي غارات أمس على مدن سراقب ومعرة النعمان وأريحا في ريف إدلب.")
    assert [e["sub_event_type"] for e in evs] == ["Air/drone strike"] * 3
    assert len({e["location"] for e in evs}) == 3
    assert all(e["actor1"]["name"] == "Military Forces of Syria" for e in evs)


def test_a_dual_place_word_introduces_both_places(pipeline):
    # "منطقتي" (the two areas of): a dual of a place word is a place word too
    evs = events_of(pipeline, "قصفت قوات النظام أمس مواقع في منطقتي سراقب وأريحا بريف إدلب.")
    assert [e["sub_event_type"] for e in evs] == ["Shelling/artillery/missile attack"] * 2
    assert {e["location"] for e in evs} == {"Saraqib", "Arīḩā"}


def test_subjected_to_shelling_after_a_long_place_list(pipeline):
    # "تعرضت ... لقصف": the ل is "to", not a purpose, however long the list between
    ev = one(pipeline, "وتعرضت قرى في محيط مدينة سراقب وبلدات أخرى في ريف إدلب الشرقي، أمس، لقصف مدفعي من قبل قوات النظام.")
    assert ev["sub_event_type"] == "Shelling/artillery/missile attack"
    assert ev["actor1"]["name"] == "Military Forces of Syria"


def test_what_follows_since_an_event_is_no_report(pipeline):
    # "منذ الهجوم ... الذي أوقع": the past attack is a point in time, and so is its toll
    ev = one(pipeline, "قتل ثلاثة مدنيين أمس بانفجار عبوة ناسفة في كركوك، وهو الأعنف منذ الهجوم "
                       "الانتحاري الذي أوقع 12 قتيلا في المدينة.")
    assert ev["sub_event_type"] == "Remote explosive/landmine/IED"
    assert ev["fatalities"] == 3


def test_a_place_in_an_outlet_s_name_is_not_the_scene(pipeline):
    evs = events_of(pipeline, "اندلعت مواجهات أمس في مدينة الخليل.\n"
                              "وأصيب خلال المواجهات مصور تلفزيون دبي برصاص الجيش الإسرائيلي.")
    assert evs and all(e["location"] != "Dubai" for e in evs)


def test_a_year_alone_does_not_date_an_event_told_with_its_month(pipeline):
    # "في عام 2024" is when the elections are to be; the agreement itself was in May 2023: history
    evs = events_of(pipeline, "واتفق الطرفان على إجراء انتخابات في عام 2024 خلال اجتماع عقد في أيار/مايو 2023 في القاهرة.")
    assert evs == []


def test_protesters_clashing_with_police_is_a_riot(pipeline):
    ev = one(pipeline, "وقعت اشتباكات بين متظاهرين والشرطة أمام مبنى المحافظة في البصرة أمس.")
    assert (ev["event_type"], ev["sub_event_type"]) == ("Riots", "Violent demonstration")
    assert ev["actor1"]["name"].startswith("Rioters")


def test_peaceful_protest(pipeline):
    ev = one(pipeline, "تظاهر المئات في ساحة التحرير وسط بغداد أمس للمطالبة بتحسين الخدمات.")
    assert (ev["event_type"], ev["sub_event_type"]) == ("Protests", "Peaceful protest")
    assert ev["actor1"]["name"].startswith("Protesters")


def test_without_a_publication_date_relative_dates_stay_unresolved(pipeline):
    ev = one(pipeline, "قتل ثلاثة جنود عراقيين أمس في هجوم شنه مسلحون على نقطة تفتيش في الموصل.", published=None)
    assert ev["event_date"] is None
    assert ev["evidence"]["event_date"]["rule"].startswith("unresolved")


def test_a_claim_names_the_perpetrator(pipeline):
    text = (
        "قتل أربعة مدنيين بانفجار سيارة مفخخة في سوق بمدينة تكريت أمس.\n"
        "وأعلن تنظيم داعش مسؤوليته عن التفجير في بيان.\n"
    )
    ev = one(pipeline, text)
    assert ev["actor1"]["name"] == "Islamic State"
    assert ev["evidence"]["actor1"]["rule"] == "actor:claim"
