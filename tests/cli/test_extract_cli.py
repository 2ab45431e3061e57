"""`rasd extract` through click's CliRunner: formats, batches and bad input."""
import json

import pytest
from click.testing import CliRunner

from rasd.cli.main import cli

ARTICLE = "قتل مسلحون ثلاثة جنود في هجوم على نقطة تفتيش قرب كركوك أمس.\n"


@pytest.fixture
def run():
    runner = CliRunner()

    def _run(*args, input=None):
        return runner.invoke(cli, list(args), input=input, catch_exceptions=False)

    return _run


def test_extract_json_from_a_file(tmp_path, run):
    f = tmp_path / "a.txt"
    f.write_text(ARTICLE, encoding="utf-8")
    res = run("extract", str(f), "--published", "2024-03-10")
    assert res.exit_code == 0, res.output
    rec = json.loads(res.output)
    assert set(rec) == {"document", "entities", "quotes", "sources", "events", "times", "numbers"}
    assert rec["document"] == {**rec["document"], "id": "a", "published": "2024-03-10"}
    for ent in rec["entities"]:
        assert ARTICLE[ent["start"] : ent["end"]] == ent["text"]


def test_jsonl_batch_keeps_ids_and_reports_bad_lines(tmp_path, run):
    f = tmp_path / "batch.jsonl"
    lines = [
        {"id": "one", "text": ARTICLE, "published": "2024-03-10"},
        "not json",
        {"id": "three", "text": "English only"},
        {"id": "four", "text": ARTICLE},
    ]
    f.write_text("\n".join(x if isinstance(x, str) else json.dumps(x, ensure_ascii=False) for x in lines), encoding="utf-8")
    res = run("extract", str(f), "--format", "jsonl")
    out = [json.loads(x) for x in res.stdout.splitlines()]
    assert [o["document"]["id"] for o in out] == ["one", "batch:2", "three", "four"]
    assert "error" in out[1] and "E107" in out[1]["error"]
    assert "E104" in out[2]["error"]
    assert "events" in out[3]


@pytest.mark.parametrize(
    "content, code",
    [
        (b"", "E101"),
        (b"\x00\x01\x02\x03binary\x00\xff" * 50, "E102"),
        (b"plain English text", "E104"),
    ],
    ids=["empty", "binary", "not-arabic"],
)
def test_bad_files_get_one_line_and_the_batch_goes_on(tmp_path, run, content, code):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    good = tmp_path / "good.txt"
    good.write_text(ARTICLE, encoding="utf-8")
    res = run("extract", str(bad), str(good), "--format", "jsonl")
    assert res.exit_code == 0
    err_lines = [line for line in res.stderr.splitlines() if line.strip()]
    assert len(err_lines) == 1 and code in err_lines[0] and "Traceback" not in res.stderr
    ids = [json.loads(x)["document"]["id"] for x in res.stdout.splitlines()]
    assert ids == ["bad", "good"]


def test_legacy_encodings_decode(tmp_path, run):
    for enc in ("cp1256", "utf-16"):
        f = tmp_path / f"{enc}.txt"
        f.write_bytes(ARTICLE.encode(enc))
        res = run("extract", str(f))
        assert res.exit_code == 0, res.stderr
        assert json.loads(res.stdout)["document"]["length"] == len(ARTICLE)


def test_a_huge_file_is_refused_in_one_line(tmp_path, run):
    f = tmp_path / "huge.txt"
    f.write_bytes(("خبر " * 1000 + "\n").encode() * 2600)  # about 20 MB
    res = run("extract", str(f))
    assert res.exit_code == 1
    assert res.stderr.count("\n") == 1 and "E105" in res.stderr and "--max-mb" in res.stderr


def test_missing_file_and_bad_date(tmp_path, run):
    res = run("extract", str(tmp_path / "nope.txt"))
    assert res.exit_code == 1 and "E106" in res.stderr
    f = tmp_path / "a.txt"
    f.write_text(ARTICLE, encoding="utf-8")
    res = run("extract", str(f), "--published", "yesterday")
    assert res.exit_code == 1 and "E109" in res.stderr and "YYYY-MM-DD" in res.stderr


def test_stdin_and_csv(run):
    res = run("extract", "-", "--format", "csv", "--published", "2024-03-10", input=ARTICLE)
    assert res.exit_code == 0
    header = res.stdout.splitlines()[0].split(",")
    assert header[:5] == ["event_id_cnty", "event_date", "year", "time_precision", "event_type"]
