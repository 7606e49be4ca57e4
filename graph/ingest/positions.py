"""Stances: who supports or opposes what ("Cuba's support to China", "the fight against the
blockade", "in the face of unilateral sanctions").

The holder is found by climbing from the stance word to the nearest actor: an event of the same
sentence that governs it (its actor, or both parties of a mutual one), a possessor, or the
subject of the clause. A stance needs a target; "support between the two governments" has none.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from .model import EntityRef, Event, Extraction, Position
from .roles import Roles

SUPPORT_WORDS = {"support", "back", "endorse", "defend", "backing", "endorsement"}
OPPOSE_WORDS = {
    "reject",
    "rejection",
    "oppose",
    "opposition",
    "condemn",
    "condemnation",
    "denounce",
    "denunciation",
    "criticize",
    "criticise",
    "criticism",
    "resist",
    "resistance",
    "repudiate",
    "repudiation",
}
TARGET_PREPS = {"to", "for", "of", "against", "toward", "towards"}
MAX_TARGET = 200


def find_positions(doc: Doc, extraction: Extraction, roles: Roles) -> None:
    seen: set[tuple[EntityRef, str, int]] = set()
    events_in: dict[int, list[Event]] = {}
    for event in extraction.events:
        events_in.setdefault(event.sentence, []).append(event)
    for number, sentence in enumerate(extraction.sentences):
        if sentence.in_title:
            continue
        events = events_in.get(number, [])
        for token in sentence.span:
            found = _stance(token)
            if found is None:
                continue
            stance, anchor, target = found
            if target is None or not target.text.strip():
                continue
            for holder in _holders(anchor, roles, events):
                if (holder, stance, number) in seen:
                    continue
                seen.add((holder, stance, number))
                extraction.positions.append(
                    Position(
                        holder=holder,
                        stance=stance,
                        target=_clip(target.text),
                        sentence=number,
                        target_actors=[
                            roles.actor(roles.mention_at[t.i].entity)
                            for t in target
                            if t.i in roles.mention_at and t.i == roles.mention_at[t.i].start
                        ],
                    )
                )


def _stance(token: Token):
    """(stance, the word to find the holder from, the span the stance is about) or None."""
    word = token.lemma_.lower()
    if token.lower_ == "against" and token.dep_ == "prep":
        return "oppose", token.head, _object_span(token)
    if token.lower_ == "face" and token.head.lower_ == "in":
        of = next((c for c in token.children if c.lower_ == "of"), None)
        return "oppose", token.head.head, _object_span(of) if of is not None else None
    if word in SUPPORT_WORDS | OPPOSE_WORDS:
        stance = "support" if word in SUPPORT_WORDS else "oppose"
        return stance, token, _target(token)
    return None


def _object_span(prep: Token | None):
    if prep is None:
        return None
    objects = [c for c in prep.children if c.dep_ == "pobj"]
    if not objects:
        return None
    subtree = list(objects[0].subtree)
    return prep.doc[subtree[0].i : subtree[-1].i + 1]


def _target(token: Token):
    doc = token.doc
    parts = [
        c
        for c in token.children
        if c.dep_ in {"dobj", "attr"} or (c.dep_ == "prep" and c.lower_ in TARGET_PREPS)
    ]
    if not parts:
        return None
    start = min(t.i for p in parts for t in p.subtree)
    end = max(t.i for p in parts for t in p.subtree) + 1
    return doc[start:end]


def _holders(anchor: Token, roles: Roles, events: list[Event]) -> list[EntityRef]:
    governing = {e.token: e for e in events}
    current = anchor
    for _ in range(10):
        if current.i in governing:
            event = governing[current.i]
            return (
                [event.actor]
                if event.actor
                else [e for e in event.participants if e.kind == "country"]
            )
        owners = roles.possessor(current)
        if not owners and current.pos_ in {"VERB", "AUX"}:
            owners = roles.clause_roles(current)[0]
        countries = [e for e in owners if e.kind == "country"]
        if countries:
            return countries
        if current.head.i == current.i:
            break
        current = current.head
    if len(events) == 1:
        return [e for e in events[0].participants if e.kind == "country"]
    return []


def _clip(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MAX_TARGET else text[: MAX_TARGET - 1].rsplit(" ", 1)[0] + "…"
