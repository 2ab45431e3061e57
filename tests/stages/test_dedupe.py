"""In-article merging: one record per happening, however often it is told."""
from rasd.output import doc_record

PUB = "2024-03-11"


def events(pipeline, text):
    return doc_record(pipeline.extract(text, published=PUB))["events"]


def test_headline_lead_and_back_reference_are_one_event(pipeline):
    text = (
        "مقتل خمسة مدنيين بانفجار في بعقوبة\n\n"
        "قتل خمسة مدنيين وأصيب عشرة آخرون أمس بانفجار عبوة ناسفة في سوق شعبي بمدينة بعقوبة.\n"
        "ووقع الانفجار قرب مسجد في حي التحرير بالمدينة.\n"
    )
    evs = events(pipeline, text)
    assert len(evs) == 1
    assert evs[0]["fatalities"] == 5 and evs[0]["event_date"] == "2024-03-10"
    assert len(evs[0]["mentions"]) >= 1


def test_two_towns_are_two_events(pipeline):
    text = (
        "قتل ثلاثة مدنيين بقصف مدفعي على بلدة سراقب أمس.\n"
        "وقتل مدنيان بقصف مدفعي على مدينة أريحا أمس.\n"
    )
    evs = events(pipeline, text)
    assert sorted(e["fatalities"] for e in evs) == [2, 3]
    assert len({e["location"] for e in evs}) == 2


def test_the_conservative_toll_and_the_update(pipeline):
    text = (
        "قتل 12 شخصا في تفجير انتحاري استهدف سوقا في بعقوبة أمس.\n"
        "وقال مسؤول محلي إن نحو 15 شخصا قتلوا في التفجير الانتحاري.\n"
    )
    assert [e["fatalities"] for e in events(pipeline, text)] == [12]
    text += "وارتفعت الحصيلة إلى 17 قتيلا بعد وفاة جرحى.\n"
    assert [e["fatalities"] for e in events(pipeline, text)] == [17]


def test_a_january_bombing_recalled_is_not_today_s(pipeline):
    text = (
        "قتل أربعة مدنيين بانفجار سيارة مفخخة في بعقوبة أمس.\n"
        "ويعد هذا الهجوم الأعنف منذ التفجير الذي قتل 30 شخصا في بغداد في 15 كانون الثاني الماضي.\n"
    )
    evs = events(pipeline, text)
    dates = sorted(e["event_date"] for e in evs)
    assert "2024-03-10" in dates
    assert all(d in ("2024-03-10", "2024-01-15") for d in dates)


def test_a_week_s_report_does_not_absorb_today_s(pipeline):
    # the lead (no date of its own) and a toll of "last week": two reports, two events
    text = (
        "اندلعت اشتباكات عنيفة بين فصائل مسلحة في مدينة مصراتة.\n"
        "وقتل الأسبوع الماضي 20 شخصا على الأقل في اشتباكات بين فصائل مسلحة في مصراتة.\n"
    )
    evs = events(pipeline, text)
    assert [e["sub_event_type"] for e in evs] == ["Armed clash", "Armed clash"]
    assert evs[0]["event_date"] == PUB and evs[0]["time_precision"] == 1
    assert evs[1]["time_precision"] > 1


def test_a_victim_read_as_the_attacker_conflicts_with_no_one():
    # "... بينهم نساء وأطفال" once read as actor1 must not split one strike into two
    from rasd.stages.dedupe import _actors_compatible

    coalition = {"id": "saudi-led-coalition", "type": "external_force"}
    women = {"id": "women:YE", "type": "civilians"}
    houthis = {"id": "houthis", "type": "rebel_group"}
    assert _actors_compatible(coalition, women) and _actors_compatible(women, coalition)
    assert not _actors_compatible(coalition, houthis)
