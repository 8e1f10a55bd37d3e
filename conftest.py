"""Doctests: the names a docstring example may use without importing them — the package, the
three worlds at their default size (``spa``, ``bolts``, ``fashion``) and one classification
(``labels``: the spa's six customer levels). Loaded once, and only when a doctest runs."""

from __future__ import annotations

import pytest
from _pytest.doctest import DoctestItem


@pytest.fixture(scope="session")
def _doctest_worlds():
    import phanloai

    spa = phanloai.load("spa")
    return {
        "phanloai": phanloai,
        "spa": spa,
        "bolts": phanloai.load("bolts"),
        "fashion": phanloai.load("fashion"),
        "labels": phanloai.classify(spa.customers, "ladder"),
    }


@pytest.fixture(autouse=True)
def _doctest_names(request, doctest_namespace):
    if isinstance(request.node, DoctestItem):
        import phanloai

        doctest_namespace.update(request.getfixturevalue("_doctest_worlds"))
        phanloai.set_language("vi")
        yield
        phanloai.set_language("vi")
    else:
        yield
