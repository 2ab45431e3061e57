"""Word lists written in code are compared with normalised tokens, so they must be normalised too."""
import importlib
import pkgutil

import pytest

import rasd.events
import rasd.stages
from rasd.text.normalize import fold

MODULES = [m.name for pkg in (rasd.events, rasd.stages) for m in pkgutil.iter_modules(pkg.__path__, pkg.__name__ + ".")]


@pytest.mark.parametrize("module", MODULES)
def test_module_word_sets_are_normalised(module):
    mod = importlib.import_module(module)
    bad = {
        name: sorted(w for w in value if isinstance(w, str) and fold(w) != w)
        for name, value in vars(mod).items()
        if isinstance(value, frozenset)
    }
    assert {k: v for k, v in bad.items() if v} == {}, "fold() these words (e.g. ئ is read as ي, ة as ه)"


def test_the_check_sees_an_unnormalised_word():
    assert fold("طائرات") != "طائرات"
