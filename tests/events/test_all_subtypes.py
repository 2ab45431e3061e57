"""Every one of ACLED's 25 sub-event types, from a sentence written for it."""
import pytest

from rasd.output import doc_record

CASES = [
    ("Battles", "Armed clash", "اندلعت اشتباكات عنيفة بين الجيش السوري ومسلحي تنظيم داعش في ريف دير الزور أمس."),
    ("Battles", "Government regains territory", "استعاد الجيش العراقي السيطرة على بلدة القائم بعد معارك مع مسلحي داعش أمس."),
    ("Battles", "Non-state actor overtakes territory", "سيطر مسلحو تنظيم داعش على قرية قرب تدمر أمس."),
    ("Explosions/Remote violence", "Chemical weapon", "قتل عشرة مدنيين في هجوم كيماوي على بلدة في ريف إدلب أمس."),
    ("Explosions/Remote violence", "Air/drone strike", "شنت طائرات التحالف غارات على مواقع للحوثيين في صعدة أمس."),
    ("Explosions/Remote violence", "Suicide bomb", "فجر انتحاري حزاما ناسفا في سوق بمدينة كركوك أمس ما أدى إلى مقتل خمسة أشخاص."),
    ("Explosions/Remote violence", "Shelling/artillery/missile attack", "سقطت قذائف هاون على حي سكني في دمشق أمس."),
    ("Explosions/Remote violence", "Remote explosive/landmine/IED", "انفجرت عبوة ناسفة على طريق في بعقوبة أمس."),
    ("Explosions/Remote violence", "Grenade", "ألقى مجهول قنبلة يدوية على محل تجاري في البصرة أمس."),
    ("Violence against civilians", "Sexual violence", "اغتصب مسلحون فتاة في قرية بريف حماة أمس."),
    ("Violence against civilians", "Attack", "قتل مسلحون مجهولون ناشطا بإطلاق نار في البصرة أمس."),
    ("Violence against civilians", "Abduction/forced disappearance", "اختطف مسلحون صحفيا في بغداد أمس."),
    ("Protests", "Peaceful protest", "تظاهر المئات في ساحة التحرير ببغداد أمس."),
    ("Protests", "Protest with intervention", "فرقت الشرطة تظاهرة في البصرة بالغاز المسيل للدموع أمس."),
    ("Protests", "Excessive force against protesters", "قتل ثلاثة متظاهرين برصاص قوات الأمن خلال احتجاجات في الناصرية أمس."),
    ("Riots", "Violent demonstration", "أضرم محتجون النار في مبنى المحافظة في البصرة أمس."),
    ("Riots", "Mob violence", "سحل حشد غاضب رجلا متهما بالسرقة في الموصل أمس."),
    ("Strategic developments", "Agreement", "وقعت الحكومة اليمنية والحوثيون اتفاقا لتبادل المعتقلين في جنيف أمس."),
    ("Strategic developments", "Arrests", "اعتقلت قوات الأمن خمسة مشتبه بهم في الموصل أمس."),
    ("Strategic developments", "Change to group/activity", "أعلن التحالف الدولي انسحاب قواته من قاعدة في الأنبار أمس."),
    ("Strategic developments", "Disrupted weapons use", "فككت قوات الأمن عبوة ناسفة زرعت على طريق في كركوك أمس."),
    ("Strategic developments", "Headquarters or base established", "أقامت القوات التركية قاعدة عسكرية في ريف حلب أمس."),
    ("Strategic developments", "Looting/property destruction", "نهب مسلحون محلات تجارية في مدينة سرت أمس."),
    ("Strategic developments", "Non-violent transfer of territory", "سلمت قوات سوريا الديمقراطية مدينة منبج إلى الجيش السوري أمس."),
    ("Strategic developments", "Other", "فرضت السلطات حظر التجول في البصرة أمس."),
]


def test_the_cases_cover_all_25_sub_event_types():
    assert len({sub for _, sub, _ in CASES}) == 25


@pytest.mark.parametrize("etype, sub, text", CASES, ids=[c[1] for c in CASES])
def test_sub_event_type(pipeline, etype, sub, text):
    evs = doc_record(pipeline.extract(text, published="2024-03-11"))["events"]
    assert [(e["event_type"], e["sub_event_type"]) for e in evs] == [(etype, sub)]
    assert evs[0]["event_date"] == "2024-03-10"
