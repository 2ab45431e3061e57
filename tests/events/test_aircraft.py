"""Aircraft named with their owner ("لطائرات التحالف") make an air strike by that side."""
from rasd.output import doc_record

PUB = "2024-03-11"


def events_of(pipeline, text):
    return doc_record(pipeline.extract(text, published=PUB))["events"]


def test_aircraft_of_a_side_is_an_air_strike_by_it(pipeline):
    evs = events_of(pipeline, "قالت مصادر محلية إن قصفا استهدف مزرعة في مديرية باقم أمس، ووصفته بأنه جريمة لطائرات التحالف.")
    strikes = [e for e in evs if e["sub_event_type"] == "Air/drone strike"]
    assert len(strikes) == 1, [(e["sub_event_type"], e["evidence"]["event"]["text"]) for e in evs]
    ev = strikes[0]
    assert ev["actor1"]["name"] == "Saudi-led Coalition"
    assert ev["evidence"]["actor1"]["rule"] == "actor:aircraft-owner"
    assert "التحالف" in ev["evidence"]["actor1"]["text"]


def test_an_attack_without_its_means_takes_the_owned_aircraft(pipeline):
    # a generic attack with civilian dead, then the same day's deaths put on the coalition's aircraft
    text = (
        "قتل سبعة مدنيين في هجوم على سيارة تقل عائلة في مدينة صعدة يوم السبت. "
        "وأفاد مسؤول محلي أن القتلى سقطوا بنيران لطائرات التحالف."
    )
    evs = events_of(pipeline, text)
    assert len(evs) == 1, [(e["sub_event_type"], e["evidence"]["event"]["text"]) for e in evs]
    ev = evs[0]
    assert (ev["event_type"], ev["sub_event_type"]) == ("Explosions/Remote violence", "Air/drone strike")
    assert ev["actor1"]["name"] == "Saudi-led Coalition"
    assert ev["fatalities"] == 7
    assert ev["event_date"] == "2024-03-09"
    assert ev["evidence"]["event_type"]["rule"] == "attribution:aircraft"
    assert ev["evidence"]["event_type"]["text"] == "طائرات"


def test_an_attack_with_its_own_means_keeps_them(pipeline):
    text = (
        "قتل مدنيان بانفجار عبوة ناسفة في سوق بمدينة صعدة يوم السبت. "
        "وفي سياق آخر قال الحوثيون إن طفلا قتل في غارة لطائرات التحالف على مديرية باقم يوم السبت."
    )
    subs = sorted(e["sub_event_type"] for e in events_of(pipeline, text))
    assert subs == ["Air/drone strike", "Remote explosive/landmine/IED"]


def test_a_plane_without_an_owner_reports_no_attack(pipeline):
    for text in ("تحطمت طائرة مدنية قرب مطار بغداد أمس دون وقوع إصابات.",
                 "وصلت الطائرات التي تقل الحجاج إلى مطار صنعاء أمس."):
        assert [e["sub_event_type"] for e in events_of(pipeline, text)] == []
