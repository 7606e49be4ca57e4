"""Persons and the posts they hold: "Carlos Miguel Pereira, Cuban Ambassador to China",
"the island's ambassador Carlos Miguel Pereira", "Chinese Foreign Minister Wang Yi".

A post is read from the few words around a person's name: the role, the country or
organization the person acts for, and the country they are accredited to ("to China").
"""

from __future__ import annotations

from spacy.tokens import Doc

from .model import EntityRef, Extraction, Mention, Post

ROLES = sorted(
    [
        "ambassador",
        "deputy ambassador",
        "envoy",
        "special envoy",
        "consul",
        "consul general",
        "chargé d'affaires",
        "charge d'affaires",
        "president",
        "vice president",
        "vice-president",
        "prime minister",
        "deputy prime minister",
        "premier",
        "vice premier",
        "foreign minister",
        "minister of foreign affairs",
        "minister",
        "deputy minister",
        "vice minister",
        "vice foreign minister",
        "secretary of state",
        "state councilor",
        "state councillor",
        "spokesperson",
        "spokesman",
        "spokeswoman",
        "chancellor",
        "king",
        "queen",
        "emir",
        "crown prince",
        "sultan",
        "secretary-general",
        "secretary general",
        "general secretary",
        "first secretary",
        "director-general",
        "director general",
        "chairman",
        "chairwoman",
        "chair",
        "governor",
        "mayor",
        "senator",
        "commander",
        "defense minister",
        "defence minister",
        "trade minister",
        "head of state",
        "head of government",
        "diplomat",
        "leader",
        "deputy",
        "member of parliament",
        "lawmaker",
        "chief executive",
        "ceo",
    ],
    key=lambda role: -len(role.split()),
)
_STOP = {",", ";", ":", "(", ")", "--", "—", "–", "said", "says", "told", "who", "which", "and"}
WINDOW = 8


def find_posts(doc: Doc, extraction: Extraction) -> None:
    """One post per person and sentence where a role stands next to the name."""
    seen: set[tuple[str, str, int]] = set()
    for mention in extraction.mentions:
        if mention.entity.kind != "person":
            continue
        for window in (_before(doc, mention), _after(doc, mention)):
            post = _read_post(doc, extraction, mention, window)
            key = (post.person, post.role, post.sentence) if post else None
            if post and key not in seen:
                seen.add(key)
                extraction.posts.append(post)
                break


def _before(doc: Doc, mention: Mention) -> range:
    start = mention.start
    sentence_start = doc[mention.start].sent.start
    while (
        start > max(sentence_start, mention.start - WINDOW) and doc[start - 1].lower_ not in _STOP
    ):
        if doc[start - 1].pos_ in {"VERB", "AUX"} or doc[start - 1].ent_type_ == "PERSON":
            break
        start -= 1
    return range(start, mention.start)


def _after(doc: Doc, mention: Mention) -> range:
    """An apposition: "NAME, [the] Cuban Ambassador to China,"."""
    first = mention.end
    if first >= len(doc) or doc[first].text != ",":
        return range(0)
    end = first + 1
    sentence_end = doc[mention.start].sent.end
    while end < min(sentence_end, first + 1 + WINDOW) and doc[end].lower_ not in _STOP:
        if doc[end].pos_ in {"VERB", "AUX"}:
            break
        end += 1
    return range(first + 1, end)


def _read_post(doc: Doc, extraction: Extraction, mention: Mention, window: range) -> Post | None:
    if not window:
        return None
    words = " ".join(doc[i].lower_ for i in window)
    role = next((r for r in ROLES if f" {r} " in f" {words} "), None)
    if role is None:
        return None
    representing: EntityRef | None = None
    accredited_to: str | None = None
    for other in extraction.mentions:
        if other.start not in window or other.entity.kind == "person":
            continue
        if other.entity.kind == "country" and doc[other.start - 1].lower_ == "to":
            accredited_to = other.entity.key
        elif representing is None:
            representing = other.entity
    return Post(mention.entity.key, role, representing, accredited_to, mention.sentence)


def affiliation(extraction: Extraction, person: str) -> str | None:
    """The country a person acts for, from the posts the article gives them."""
    for post in extraction.posts:
        if post.person == person and post.representing and post.representing.kind == "country":
            return post.representing.key
    for post in extraction.posts:
        if post.person == person and post.representing:
            org = extraction.organizations.get(post.representing.key)
            if org and org.country:
                return org.country
    return None
