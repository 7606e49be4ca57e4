"""Events coded with PLOVER: the type from the trigger word, the actor and recipient from the
parse, a status for what did not (yet) happen as stated, and a date from the sentence.

Like PLOVER's human coders, Diplograph codes one event per sentence and pair of actors: the
trigger closest to the root of the sentence decides the type. Headlines are not coded: they
repeat the body.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span, Token

from ..dates import PartialDate, normalize
from .model import EntityRef, Event, Extraction
from .roles import Roles

REPORTING_VERBS = {
    "say",
    "add",
    "mention",
    "signify",
    "remark",
    "stress",
    "note",
    "illustrate",
    "explain",
    "recall",
    "tell",
    "state",
    "assure",
    "affirm",
    "highlight",
    "define",
    "underline",
    "emphasize",
    "point",
    "announce",
    "report",
    "review",
    "describe",
}
MUTUAL_MODIFIERS = {"joint", "mutual", "bilateral", "common"}
COOPERATIVE = {"CONSULT", "SUPPORT", "AGREE", "COOPERATE", "AID"}
FUTURE_WORDS = {
    "expected",
    "expect",
    "about",
    "plan",
    "planned",
    "plans",
    "intend",
    "intends",
    "going",
    "hope",
    "hopes",
    "aim",
    "aims",
    "set",
    "scheduled",
    "due",
    "will",
    "shall",
}
FRAMING = {"AGREE", "REQUEST", "REJECT", "THREATEN", "ACCUSE"}
# Words that report an event only when they say with whom ("spoke with the President of
# Mexico", not "spoke at the ceremony").
NEEDS_RECIPIENT = {("speak",)}
HYPOTHETICAL_WORDS = {"would", "could", "might", "may", "if", "unless"}
CLAUSE_BOUNDARIES = {"acl", "relcl", "advcl", "ccomp", "csubj", "parataxis"}
RELATIVE_DAYS = {"today", "yesterday", "tomorrow", "tonight"}


Parties = tuple[EntityRef | None, EntityRef | None, list[EntityRef]]
"""An event's actor, recipient, and the actors of a mutual one."""


@dataclass(frozen=True)
class Trigger:
    lemmas: tuple[str, ...]
    type: str
    pos: str
    cameo: str
    context: str | None
    mode: str | None


@cache
def triggers() -> dict[str, Trigger]:
    text = files("diplograph.graph.data").joinpath("event_triggers.tsv").read_text("utf-8")
    rows = [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]
    return {
        row[0]: Trigger(
            tuple(row[0].split()), row[1], row[2], row[3], row[4] or None, row[5] or None
        )
        for row in rows
    }


@cache
def trigger_matcher(nlp: Language) -> Matcher:
    matcher = Matcher(nlp.vocab)
    for key, trigger in triggers().items():
        matcher.add(
            key, [[{"LEMMA": w} for w in trigger.lemmas], [{"LOWER": w} for w in trigger.lemmas]]
        )
    return matcher


def find_events(doc: Doc, extraction: Extraction, nlp: Language, roles: Roles) -> None:
    candidates: dict[int, list[tuple[int, Event]]] = {}
    framing: set[int] = set()
    dates = _dates_by_sentence(doc, extraction)
    for match_id, start, end in trigger_matcher(nlp)(doc):
        trigger = triggers()[nlp.vocab.strings[match_id]]
        head = _head(doc, start, end, trigger)
        if head is None or head.i in roles.mention_at:
            continue
        if trigger.type in FRAMING:
            framing.add(head.i)
        number = extraction.sentence_of[start]
        sentence = extraction.sentences[number]
        if sentence.in_title or not any(t.pos_ in {"VERB", "AUX"} for t in sentence.span):
            continue  # a title or a heading ("Development cooperation") reports no event
        for parties in _parties(head, roles):
            event = _code(
                doc[start:end].text,
                head,
                trigger,
                number,
                parties,
                roles,
                extraction,
                dates[number],
            )
            if event is not None:
                candidates.setdefault(number, []).append((_depth(head), event))
    for coded in candidates.values():
        extraction.events.extend(_one_per_pair(_outermost(doc, coded, framing)))


def _head(doc: Doc, start: int, end: int, trigger: Trigger) -> Token | None:
    head = doc[start] if trigger.pos == "V" else doc[end - 1]
    if trigger.pos == "V" and head.pos_ not in {"VERB", "AUX"}:
        return None
    if trigger.pos == "N" and head.pos_ not in {"NOUN", "PROPN"}:
        return None
    if trigger.pos != "V" and head.dep_ == "compound":
        return None  # "aid agencies", "a mediation effort": the noun it modifies says more
    return head


def _code(
    text: str,
    head: Token,
    trigger: Trigger,
    number: int,
    parties: Parties,
    roles: Roles,
    extraction: Extraction,
    dates: list[Span],
) -> Event | None:
    actor, recipient, mutual = _placed(parties, roles, extraction)
    if trigger.type not in COOPERATIVE and actor and not recipient:
        recipient = _counterpart(head, actor, roles)
    if trigger.type not in COOPERATIVE and not (actor and recipient):
        return None
    if trigger.lemmas in NEEDS_RECIPIENT and not recipient:
        return None
    if not (actor or recipient or mutual):
        if trigger.type not in COOPERATIVE or not roles.pair:
            return None
        mutual = list(roles.pair)
    if trigger.type == "COOPERATE" and actor is None and recipient in roles.pair:
        # A joint project with one side named ("a pavilion to sell Cuban products") is the
        # article's pair working together, not something done to that side.
        recipient, mutual = None, list(roles.pair)
    status = _status(head)
    date = _date(head, dates, extraction.article.published)
    if status == "asserted" and _long_ago(date, extraction.article.published):
        status = "historical"
    event_type = trigger.type
    if event_type == "SUPPORT" and trigger.lemmas[0] in {"sign", "signing"} and status == "future":
        event_type = "AGREE"
    participants = list(dict.fromkeys([*(e for e in (actor, recipient) if e), *mutual]))
    pair = tuple(sorted(e.key for e in participants if e.kind == "country"))
    return Event(
        type=event_type,
        trigger=text,
        cameo=trigger.cameo,
        token=head.i,
        sentence=number,
        participants=participants,
        actor=actor,
        recipient=recipient,
        date=date,
        status=status,
        context=trigger.context,
        mode=trigger.mode,
        parties=pair if len(pair) == 2 else None,
    )


def _parties(head: Token, roles: Roles) -> list[Parties]:
    """One actor-recipient pair per recipient ("tortured Sierra Leonean and Liberian
    refugees")."""
    actor, recipients, mutual = _participants(head, roles)
    if actor is None and len(mutual) > 1 and recipients:  # "X and Y condemned Z"
        return [(each, recipient, []) for each in mutual for recipient in recipients]
    return [(actor, recipient, mutual) for recipient in recipients] or [(actor, None, mutual)]


def _participants(
    head: Token, roles: Roles
) -> tuple[EntityRef | None, list[EntityRef], list[EntityRef]]:
    """Actor and recipients of a directed event, or the actors of a mutual one. A verb's
    recipient the parse missed, when its objects name no one, is the nearest other country."""
    if head.pos_ in {"VERB", "AUX"}:
        subjects, patients = roles.clause_roles(head)
        objects = patients + roles.recipients(head)
    else:
        if between := roles.between(head):
            return None, [], between
        if any(c.lower_ in MUTUAL_MODIFIERS for c in head.children) and roles.pair:
            return None, [], list(roles.pair)
        subjects = roles.possessor(head)
        objects = roles.recipients(head)
        verb = roles.governing_verb(head)
        if verb is not None and verb.lemma_ not in REPORTING_VERBS:
            subjects = subjects or roles.clause_roles(verb)[0]
            if head.dep_ == "dobj" and head.head == verb:
                # "raised tariffs on Indian goods": the verb, not its object, says on whom
                objects = objects or roles.recipients(verb)
    countries = [e for e in subjects if e.kind == "country"]
    if len(subjects) > 1:
        return None, [e for e in objects if e.kind == "country" and e not in subjects], subjects
    actor = countries[0] if countries else None
    if head.pos_ in {"VERB", "AUX"} and actor is not None and not objects and len(subjects) == 1:
        objects = [e for e in [_other_country(head, actor, roles)] if e is not None]
    recipients = [e for e in objects if e.kind == "country" and e != actor]
    if actor is None and not recipients:
        return None, [], subjects
    return actor, recipients, [e for e in subjects if e.kind != "country"]


def _placed(parties: Parties, roles: Roles, extraction: Extraction) -> Parties:
    """ "Prime Minister Fournier spoke with the President of Mexico" in a Canada–Mexico
    article: an official whose country the text never gives, dealing with one side, is the
    other side."""
    actor, recipient, mutual = parties
    sides = [e for e in (actor, recipient, *mutual) if e in roles.pair]
    if len(roles.pair) != 2 or len(set(sides)) != 1:
        return parties
    other = next(party for party in roles.pair if party != sides[0])
    officials = {post.person for post in extraction.posts}

    def place(entity: EntityRef | None) -> EntityRef | None:
        unplaced = entity and entity.kind == "person" and entity.key in officials
        return other if unplaced else entity

    return place(actor), place(recipient), [place(e) for e in mutual]


def _counterpart(head: Token, actor: EntityRef, roles: Roles) -> EntityRef | None:
    """Whom a side of the article's pair rejects or accuses when the sentence names only what
    ("the British government rejects any negotiation"): the other side."""
    if head.pos_ not in {"VERB", "AUX"} or actor not in roles.pair or len(roles.pair) != 2:
        return None
    return next(party for party in roles.pair if party != actor)


def _other_country(head: Token, actor: EntityRef, roles: Roles) -> EntityRef | None:
    """The recipient the parse missed ("threatened to stop talks if the United States goes
    ahead"): the nearest other country in the trigger's sentence, outside the attribution
    ("..., French border police said")."""
    attribution = {
        token.i
        for verb in head.sent
        if verb.lemma_ in REPORTING_VERBS and head not in verb.subtree
        for subject in verb.children
        if subject.dep_ == "nsubj"
        for token in subject.subtree
    }
    others = [
        (abs(i - head.i), entity)
        for i in range(head.sent.start, head.sent.end)
        if i in roles.mention_at and i not in attribution
        for entity in [roles.actor(roles.mention_at[i].entity)]
        if entity.kind == "country" and entity != actor
    ]
    return min(others, key=lambda pair: pair[0])[1] if others else None


def _clause(head: Token) -> list[Token]:
    """The trigger and the words it hangs from, up to the edge of its clause."""
    chain = [head]
    current = head
    while current.head.i != current.i and current.dep_ not in CLAUSE_BOUNDARIES:
        current = current.head
        chain.append(current)
    return chain


def _status(head: Token) -> str:
    chain = _clause(head)
    words = {t.lower_ for t in chain} | {
        c.lower_
        for t in chain
        for c in t.children
        if c.dep_ in {"aux", "auxpass", "neg", "mark", "advmod"}
    }
    if any(c.dep_ == "neg" for t in chain for c in t.children) or _denied_by_no(head):
        return "negated"
    if words & HYPOTHETICAL_WORDS:
        return "hypothetical"
    if words & FUTURE_WORDS:
        return "future"
    return "asserted"


def _denied_by_no(head: Token) -> bool:
    """ "No contract was signed", "no talks were held": "no" on the verb's subject."""
    return any(
        c.dep_ in {"nsubj", "nsubjpass"}
        and any(d.dep_ == "det" and d.lower_ == "no" for d in c.children)
        for c in head.children
    )


def _dates_by_sentence(doc: Doc, extraction: Extraction) -> list[list[Span]]:
    """The date expressions of each sentence: the model's DATE entities, and "today"-like words
    on their own (the model may fold "today" into "today 61 years")."""
    dates: list[list[Span]] = [[] for _ in extraction.sentences]
    for token in doc:
        if token.lower_ in RELATIVE_DAYS:
            dates[extraction.sentence_of[token.i]].append(doc[token.i : token.i + 1])
    for ent in doc.ents:
        if ent.label_ == "DATE":
            dates[extraction.sentence_of[ent.start]].append(ent)
    return dates


def _date(head: Token, dates: list[Span], published: PartialDate | None) -> PartialDate | None:
    """A date the trigger's clause governs: "are celebrating today", "met on Monday"."""
    clause = {t.i for t in _clause(head)}
    for span in dates:
        if span.root.head.i in clause or span.root.head.head.i in clause:
            date = normalize(span.text, published)
            if date:
                return date
    return None


def _long_ago(date: PartialDate | None, published: PartialDate | None) -> bool:
    """Dated more than a year before publication: background, not news."""
    return bool(
        date and published and date.year and published.year and date.year < published.year - 1
    )


def _depth(token: Token) -> int:
    depth = 0
    while token.head.i != token.i:
        token = token.head
        depth += 1
    return depth


def _outermost(
    doc: Doc, coded: list[tuple[int, Event]], framing: set[int]
) -> list[tuple[int, Event]]:
    """Drop what a demand, threat, refusal, accusation or promise is about, whoever makes it:
    "demanded that the US cancel plans to sell weapons" is a REQUEST, not also a sale."""
    return [
        (depth, event)
        for depth, event in coded
        if not framing.intersection(a.i for a in doc[event.token].ancestors)
    ]


def _one_per_pair(coded: list[tuple[int, Event]]) -> list[Event]:
    best: dict[tuple, tuple[int, Event]] = {}
    for depth, event in coded:
        key = (frozenset(event.participants), event.actor, event.recipient)
        if key not in best or depth < best[key][0]:
            best[key] = (depth, event)
    return [event for _, event in best.values()]
