"""Persons and the posts they hold: "Carlos Miguel Pereira, Cuban Ambassador to China",
"the island's ambassador Carlos Miguel Pereira", "Prime Minister Narendra Modi of India".

A post is read from the few words around a person's name: the role, the country or
organization the person acts for, and the country they are accredited to ("to China", "the
ambassador in Beijing"). Later references to a person ("the ambassador", "the Cuban
president", "he") become mentions of that person when only one person fits.
"""

from __future__ import annotations

from collections import Counter

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
        "external affairs minister",
        "minister of external affairs",
        "foreign affairs minister",
        "foreign secretary",
        "top diplomat",
        "chief diplomat",
        "ambassador-at-large",
    ],
    key=lambda role: -len(role.split()),
)
SAME_ROLE = {
    "minister of foreign affairs": "foreign minister",
    "foreign affairs minister": "foreign minister",
    "external affairs minister": "foreign minister",
    "minister of external affairs": "foreign minister",
    "top diplomat": "foreign minister",
    "chief diplomat": "foreign minister",
    "secretary general": "secretary-general",
    "vice-president": "vice president",
    "charge d'affaires": "chargé d'affaires",
    "state councillor": "state councilor",
    "defence minister": "defense minister",
    "director general": "director-general",
}
ENVOYS = {"ambassador", "deputy ambassador", "envoy", "special envoy", "consul", "consul general"}
PRONOUNS = {"he": "he", "him": "he", "his": "he", "she": "she", "her": "she"}
LOOKBACK = 2  # sentences a pronoun may look back for its person
UNKNOWN = EntityRef("person", "")  # a person the article refers to by a role that no one fits
_STOP = {",", ";", ":", "(", ")", "--", "—", "–", "said", "says", "told", "who", "which", "and"}
WINDOW = 8


def find_posts(doc: Doc, extraction: Extraction) -> None:
    """One post per person and sentence where a role stands next to the name; then the later
    references to those persons."""
    seen: set[tuple[str, str, int]] = set()
    for mention in extraction.mentions:
        if mention.entity.kind != "person":
            continue
        for window in (_before(doc, mention), _after(doc, mention), _set_off(doc, mention)):
            post = _read_post(doc, extraction, mention, window)
            key = (post.person, post.role, post.sentence) if post else None
            if post and key not in seen:
                seen.add(key)
                extraction.posts.append(post)
                break
    _resolve_references(doc, extraction)


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


def _set_off(doc: Doc, mention: Mention) -> range:
    """A title set off by commas before the name: "The ambassador of Kenya in Beijing, NAME,
    said", "in the presence of Brazil's Minister of Foreign Affairs, NAME, and", "Nigeria's
    Minister of Industry, Trade and Investment, NAME, said"."""
    sentence_start = doc[mention.start].sent.start
    comma = mention.start - 1
    closed = mention.end >= len(doc) or doc[mention.end].text in {",", ".", ";"}
    if not closed or comma <= sentence_start or doc[comma].text != ",":
        return range(0)
    start = comma
    while start > max(sentence_start, comma - 2 * WINDOW):
        word = doc[start - 1]
        inside_title = word.lower_ in {",", "and"} and doc[start - 2].text.istitle()
        if word.pos_ in {"VERB", "AUX"} or word.ent_type_ == "PERSON":
            break
        if word.lower_ in _STOP and not inside_title:
            break
        start -= 1
    return range(start, comma)


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


def _role_at(doc: Doc, window: range) -> str | None:
    """The longest role the words of the window name, in its usual wording."""
    words = " ".join(doc[i].lower_ for i in window).replace(" - ", "-")
    role = next((r for r in ROLES if f" {r} " in f" {words} "), None)
    return SAME_ROLE.get(role, role) if role else None


def _read_post(doc: Doc, extraction: Extraction, mention: Mention, window: range) -> Post | None:
    if not window:
        return None
    role = _role_at(doc, window)
    if role is None:
        return None
    representing: EntityRef | None = None
    accredited_to: str | None = None
    for other in extraction.mentions:
        if other.start not in window or other.entity.kind == "person":
            continue
        if other.entity.kind == "country" and _posted_to(doc, other, role):
            accredited_to = other.entity.key
        elif representing is None:
            representing = other.entity
    if representing is None:
        representing = _of_whom(doc, extraction, mention.end)
    return Post(mention.entity.key, role, representing, accredited_to, mention.sentence)


def _posted_to(doc: Doc, place: Mention, role: str) -> bool:
    """ "Ambassador to China", "the ambassador in Beijing": the country an envoy serves in."""
    before = doc[place.start - 1].lower_
    return before == "to" or (before == "in" and place.how == "capital" and role in ENVOYS)


def _of_whom(doc: Doc, extraction: Extraction, end: int) -> EntityRef | None:
    """ "Prime Minister Narendra Modi of India": the country or organization after the name."""
    if end >= len(doc) or doc[end].lower_ != "of":
        return None
    start = end + 2 if end + 1 < len(doc) and doc[end + 1].lower_ == "the" else end + 1
    return next(
        (m.entity for m in extraction.mentions if m.start == start and m.entity.kind != "person"),
        None,
    )


def _resolve_references(doc: Doc, extraction: Extraction) -> None:
    """ "The ambassador", "the Cuban president", "he": mentions of the one person who fits.

    A role refers to the person the article gave that role, when only one person has it (and
    it is the country's, when the phrase names one); a pronoun to the one person named in the
    nearest sentence before it that names persons, unless that person was "he" and the
    pronoun is "she" (or the other way round). A role no one or several persons fit is a
    person too: a pronoun after it stays unresolved. Each reference resolved counts as a
    mention for the ones after it.
    """
    mention_at = {i: m for m in extraction.mentions for i in range(m.start, m.end)}
    persons = [m for m in extraction.mentions if m.entity.kind == "person"]
    found: list[Mention] = []
    token = 0
    while token < len(doc):
        reference = _role_reference(doc, extraction, mention_at, token) or _pronoun_reference(
            doc, extraction, mention_at, token, persons
        )
        if reference is None:
            token += 1
            continue
        persons.append(reference)
        if reference.entity != UNKNOWN:
            found.append(reference)
        token = reference.end
    extraction.mentions = sorted(extraction.mentions + found, key=lambda m: m.start)
    extraction.persons = dict(
        Counter(m.entity.key for m in extraction.mentions if m.entity.kind == "person")
    )


def _role_reference(
    doc: Doc, extraction: Extraction, mention_at: dict[int, Mention], start: int
) -> Mention | None:
    if doc[start].lower_ != "the" or start in mention_at:
        return None
    i = start + 1
    country = mention_at.get(i)
    if country is not None and country.entity.kind == "country":
        i = country.end
    else:
        country = None
    words = " ".join(t.lower_ for t in doc[i : i + 5]).replace(" - ", "-")
    said = next((r for r in ROLES if f"{words} ".startswith(f"{r} ")), None)
    if said is None:
        return None
    end = i + len(said.replace("-", " - ").split())
    if end < len(doc) and (end in mention_at or doc[end].pos_ == "PROPN"):
        return None  # a title before a name: the name is the mention
    whose = country.entity if country else _of_whom(doc, extraction, end)
    sentence = extraction.sentence_of[start]
    holders = {
        post.person
        for post in extraction.posts
        if post.sentence <= sentence
        and _same_role(post.role, SAME_ROLE.get(said, said))
        and (whose is None or post.representing == whose)
    }
    person = EntityRef("person", holders.pop()) if len(holders) == 1 else UNKNOWN
    first = start if country is None else i  # "the Cuban ambassador": "Cuban" stays the country's
    return Mention(first, end, person, sentence, "role")


def _same_role(held: str, said: str) -> bool:
    """ "the minister" may be the foreign minister, but "the president" is not the vice
    president."""
    if held == said:
        return True
    return held.endswith(f" {said}") and not held.startswith(("vice", "deputy"))


def _pronoun_reference(
    doc: Doc,
    extraction: Extraction,
    mention_at: dict[int, Mention],
    token: int,
    named: list[Mention],
) -> Mention | None:
    if doc[token].lower_ not in PRONOUNS or token in mention_at:
        return None
    sentence = extraction.sentence_of[token]
    for back in range(sentence, sentence - LOOKBACK - 1, -1):
        near = {m.entity for m in named if m.sentence == back and m.start < token}
        if near:
            break
    if len(near) != 1 or UNKNOWN in near:
        return None
    person = near.pop()
    said = {
        PRONOUNS[doc[m.start].lower_] for m in named if m.entity == person and m.how == "pronoun"
    }
    if said and PRONOUNS[doc[token].lower_] not in said:
        return None  # "she" after "he" for the same person: someone else
    return Mention(token, token + 1, person, sentence, "pronoun")


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
