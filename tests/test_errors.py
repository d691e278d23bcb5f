"""Errors name the input and the cause, and survive the trip through a worker process."""

from __future__ import annotations

import pickle

import pytest

from docbuild.errors import DocbuildError, EncryptedInput, MissingDependency, ParseError, require


@pytest.mark.parametrize(
    "error",
    [
        ParseError("a.pdf", "bad xref"),
        EncryptedInput("b.pdf", "needs a password"),
        MissingDependency("pytesseract", "install it with: pip install 'docbuild[ocr]'"),
    ],
)
def test_errors_pickle_round_trip(error: DocbuildError) -> None:
    back = pickle.loads(pickle.dumps(error))
    assert type(back) is type(error)
    assert (back.source, back.message, back.reason, str(back)) == (
        error.source,
        error.message,
        error.reason,
        str(error),
    )


def test_require_names_the_extra() -> None:
    with pytest.raises(MissingDependency, match=r"pip install 'docbuild\[nope\]'"):
        require("docbuild_no_such_module", "nope")
