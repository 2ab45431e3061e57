"""`rasd kb` and user knowledge files (--knowledge and the configuration file)."""
import json

from click.testing import CliRunner

from rasd.cli.main import cli

USER_KB = """\
actors:
  - id: liwa-al-nakhil
    name: Palm Brigade
    name_ar: لواء النخيل
    aliases: [كتيبة النخيل]
    type: political_militia
    inter: 3
    country: IQ
    source: "curated (test)"
places:
  - {id: "user:tell-x", name: Tell Samra, name_ar: تل سمرة الشرقي, kind: ppl, country: IQ,
     admin1: Kirkuk, admin1_id: IQG13, lat: 35.3, lon: 44.1, source: "test survey"}
"""
TEXT = "هاجم مسلحو لواء النخيل أمس نقطة للشرطة في تل سمرة الشرقي.\n"


def run(*args, env=None):
    return CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)


def test_lint_builtin_is_clean():
    res = run("kb", "lint")
    assert res.exit_code == 0 and res.stdout.strip() == "ok"


def test_lint_a_user_file(tmp_path):
    good = tmp_path / "good.yaml"
    good.write_text(USER_KB, encoding="utf-8")
    assert run("kb", "lint", str(good)).exit_code == 0
    bad = tmp_path / "bad.yaml"
    bad.write_text("actors:\n  - {id: x, name: X, name_ar: الجيش, type: party, source: curated}\n", encoding="utf-8")
    res = run("kb", "lint", str(bad))
    assert res.exit_code == 1 and "also names built-in military-forces" in res.stdout


def test_find_explains_the_choice_by_context():
    iq = run("kb", "find", "الرمادي", "--country", "IQ").stdout.splitlines()
    ye = run("kb", "find", "الرمادي", "--country", "YE").stdout.splitlines()
    chosen = lambda lines: next(ln for ln in lines if ln.startswith("=>"))  # noqa: E731
    assert " IQ " in chosen(iq) and "country +4.00" in chosen(iq)
    assert " YE " in chosen(ye)
    assert run("kb", "find", "لا شيء هنا").exit_code == 1


def test_user_knowledge_extends_extraction(tmp_path):
    kb = tmp_path / "mine.yaml"
    kb.write_text(USER_KB, encoding="utf-8")
    art = tmp_path / "a.txt"
    art.write_text(TEXT, encoding="utf-8")
    without = json.loads(run("extract", str(art), "--published", "2024-03-11").stdout)
    assert not any(e["id"] == "liwa-al-nakhil" for e in without["entities"])
    with_kb = json.loads(run("extract", str(art), "--published", "2024-03-11", "--knowledge", str(kb)).stdout)
    ids = {e["id"] for e in with_kb["entities"]}
    assert {"liwa-al-nakhil", "user:tell-x"} <= ids
    ev = with_kb["events"][0]
    assert ev["actor1"]["id"] == "liwa-al-nakhil" and ev["location"] == "Tell Samra"


def test_configuration_file_names_knowledge(tmp_path):
    (tmp_path / "mine.yaml").write_text(USER_KB, encoding="utf-8")
    cfg = tmp_path / "rasd.yaml"
    cfg.write_text("knowledge:\n  - mine.yaml\n", encoding="utf-8")
    art = tmp_path / "a.txt"
    art.write_text(TEXT, encoding="utf-8")
    res = run("extract", str(art), env={"RASD_CONFIG": str(cfg)})
    assert "liwa-al-nakhil" in res.stdout
    res = CliRunner().invoke(cli, ["extract", str(art)], env={"RASD_CONFIG": str(tmp_path / "none.yaml")})
    assert res.exit_code == 1 and "E205" in res.stderr
