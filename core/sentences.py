"""The ``sentences`` table: every body sentence of every article, the evidence other tables point at.

| column | dtype | meaning |
| --- | --- | --- |
| article_id | string | the article |
| sentence_id | Int64 | position of the sentence among the article's body sentences, from 0 |
| start_char | Int64 | offset of its first character in the article text |
| end_char | Int64 | offset just past its last character |
| text | string | the sentence |
"""
from __future__ import annotations

from .parse import ParsedArticle

COLUMNS = {"article_id": "string", "sentence_id": "Int64", "start_char": "Int64", "end_char": "Int64",
           "text": "string"}


def extract_sentences(parsed: ParsedArticle) -> list[dict]:
    text = parsed.article.text
    return [
        {"article_id": parsed.article_id, "sentence_id": i, "start_char": s.start_char, "end_char": s.end_char,
         "text": text[s.start_char:s.end_char]}
        for i, s in enumerate(parsed.sentences)
    ]
