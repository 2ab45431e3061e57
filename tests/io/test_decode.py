import codecs

import pytest

from rasd.errors import InputError
from rasd.io.decode import decode_bytes

ARABIC = "قتل ثلاثة جنود في هجوم قرب الموصل أمس."


@pytest.mark.parametrize(
    "data",
    [
        ARABIC.encode("utf-8"),
        codecs.BOM_UTF8 + ARABIC.encode("utf-8"),
        ARABIC.encode("utf-16"),  # with BOM
        ARABIC.encode("utf-16-le"),  # without BOM
        ARABIC.encode("utf-16-be"),
        ARABIC.encode("cp1256"),
    ],
    ids=["utf8", "utf8-bom", "utf16-bom", "utf16le", "utf16be", "cp1256"],
)
def test_encodings_are_detected(data):
    assert decode_bytes(data) == ARABIC


def test_windows_newlines_become_unix():
    assert decode_bytes("سطر\r\nسطر".encode()) == "سطر\nسطر"


@pytest.mark.parametrize(
    "data, code",
    [
        (b"", "E101"),
        (b"   \n\t ", "E101"),
        (bytes(range(256)) * 4, "E102"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00\x10" * 100, "E102"),
        (b"This article is in English only.", "E104"),
    ],
    ids=["empty", "blank", "binary", "png", "english"],
)
def test_bad_input_gets_a_coded_message(data, code):
    with pytest.raises(InputError) as err:
        decode_bytes(data, path="x.txt")
    assert err.value.code == code
    assert "\n" not in str(err.value)


def test_too_large():
    with pytest.raises(InputError) as err:
        decode_bytes(("ب" * 1000).encode() * 3000, path="big.txt", max_mb=5)
    assert err.value.code == "E105"
