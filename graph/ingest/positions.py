"""Stances: who supports or opposes what ("Mexico welcomed the agreement", "Cuba's support to
China", "Australia is firmly opposed to whaling", "in the face of unilateral sanctions").

A stance word comes from a lexicon of general verbs, nouns and adjectives (with the preposition
that introduces what they are about, for the words that need one: "concern over", "call for",
"in solidarity with"), or is a judgement of what someone names or reports ("called the sanctions
illegal"). Its target is the phrase the parse hangs from it, or what a relative clause relates to
("an agreement ..., which Turkey rejected"); a stance needs one, so "support between the two
governments" is none. What is negated, refused, hoped for or only wondered about ("did not
support", "refused to condemn", "whether Beijing would back") is no stance.

The holder is found by climbing from the stance word to the nearest actor: a possessor, the
subject of the clause (a minister or a ministry stands for its country, "both sides" and "the
Ministers" of a joint statement for both), the subject of the verb that reports it ("..., the
Foreign Ministry said"), or, for a noun, an event of the same sentence that governs it. "It" or
"the ministry" as a subject is the country the previous sentence was about.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from .model import EntityRef, Event, Extraction, Position
from .roles import ACTOR_NOUNS, Roles


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


def _each(preps: frozenset[str], words: str) -> dict[str, frozenset[str]]:
    """A lexicon table: each of the words with the same prepositions."""
    return dict.fromkeys(_words(words), preps)


ANY = frozenset({"to", "for", "of", "against", "toward", "towards", "over", "about", "on", "with"})
# Verbs: lemma → the prepositions that may introduce the target besides an object (ANY: all).
SUPPORT_VERBS: dict[str, frozenset[str]] = _each(
    ANY,
    "support back endorse defend welcome hail praise commend applaud salute laud "
    "appreciate champion favour favor uphold congratulate embrace approve advocate",
) | {
    "call": frozenset({"for", "on"}),
    "push": frozenset({"for"}),
    "press": frozenset({"for"}),
    "appeal": frozenset({"for"}),
    "lobby": frozenset({"for"}),
    "stand": frozenset({"with", "by", "behind"}),
    "adhere": frozenset({"to"}),
    "side": frozenset({"with"}),
    "urge": ANY,
    "demand": ANY,
    "recognize": ANY,
    "recognise": ANY,
    "respect": ANY,
}
OPPOSE_VERBS: dict[str, frozenset[str]] = _each(
    ANY,
    "reject oppose condemn denounce criticize criticise resist repudiate deplore decry "
    "slam blast censure rebuke castigate lambaste lambast accuse blame protest dismiss "
    "disapprove lament regret veto boycott contest dispute",
) | {"object": frozenset({"to"})}
# Recognizing and respecting are stances only about what these words name ("reaffirmed its
# support" is the noun's stance, its holder the verb's subject).
RECOGNIZED = _words("sovereignty integrity independence right rights statehood state government")
ABOUT_WHAT = {"recognize": RECOGNIZED, "recognise": RECOGNIZED, "respect": RECOGNIZED}
# Nouns: lemma → the prepositions that introduce the target.
SUPPORT_NOUNS: dict[str, frozenset[str]] = (
    _each(ANY - {"of"}, "support backing endorsement solidarity")  # "the support of Qatar"
    | _each(ANY, "praise appreciation approval recognition defense defence")
    | {
        "commitment": frozenset({"to", "toward", "towards"}),
        "call": frozenset({"for"}),
        "favour": frozenset({"of"}),
        "favor": frozenset({"of"}),
        "sympathy": frozenset({"for", "with"}),
        "weight": frozenset({"behind"}),  # "threw its weight behind"
        "importance": frozenset({"of"}),
        "need": frozenset({"for"}),
    }
    | _each(frozenset({"to"}), "adherence attachment dedication")
    | _each(frozenset({"of"}), "supporter proponent advocate champion defender")
)
# Nouns that are a stance only when stressed: "underscored the importance of", "stressed the
# need for", not "the report discussed the importance of".
STRESSED = {"importance", "need"}
STRESSING = _words(
    "stress underscore emphasize emphasise highlight underline reaffirm reiterate affirm note "
    "insist recognize recognise"
)
# What one is concerned about without opposing anything in particular.
NEUTRAL = _words("situation situations developments events conditions")
OPPOSE_NOUNS: dict[str, frozenset[str]] = (
    _each(
        ANY,
        "rejection opposition condemnation denunciation criticism resistance repudiation "
        "objection protest censure",
    )
    | _each(frozenset({"of"}), "opponent critic")
    | _each(
        frozenset({"over", "about", "at", "regarding", "with", "on", "by"}),
        "concern alarm dismay outrage indignation displeasure dissatisfaction disappointment "
        "reservation misgiving",
    )
)
# Adjectives (and participles used as adjectives): the holder is their subject.
SUPPORT_ADJECTIVES = {
    "supportive": frozenset({"of"}),
    "committed": frozenset({"to"}),
    "favourable": frozenset({"to", "toward", "towards"}),
    "favorable": frozenset({"to", "toward", "towards"}),
}
OPPOSE_ADJECTIVES = {
    "opposed": frozenset({"to"}),
    "critical": frozenset({"of"}),
    "concerned": frozenset({"about", "over", "at", "by", "with"}),
    "alarmed": frozenset({"about", "over", "at", "by"}),
    "disappointed": frozenset({"about", "over", "at", "by", "with"}),
    "hostile": frozenset({"to", "toward", "towards"}),
}
# "against" is a stance only after words that take sides ("the fight against the blockade",
# "voted against"), not "vaccines against Covid-19" or "played against Argentina".
AGAINST_HEADS = {
    "fight", "struggle", "campaign", "stand", "position", "stance", "vote", "speak", "warn",
    "protest", "unite", "measure", "sanction", "action", "resolution", "coalition", "front",
    "mobilize", "rally", "side", "battle", "caution", "argue", "advocate", "lobby", "push",
    "decide", "rule", "move", "act", "step", "declaration", "statement", "complaint", "appeal",
    "solidarity", "support", "come", "turn", "express", "voice", "say", "call", "be",
}  # fmt: skip
# Judgements that take a side on what they are said of: "called the sanctions illegal",
# "described the visit as a provocation", "said the ruling was null and void".
JUDGEMENTS = {
    "oppose": _words(
        "illegal unlawful illegitimate unacceptable unjustified unjustifiable baseless groundless "
        "unfounded irresponsible provocative provocation violation interference aggression null "
        "void invalid outrageous regrettable destabilizing destabilising counterproductive "
        "blackmail"
    ),
    "support": _words("milestone breakthrough positive constructive legitimate justified"),
}
NAMING_VERBS = {
    "call", "describe", "term", "brand", "label", "consider", "deem", "regard", "characterize",
    "characterise", "dub", "view", "see", "denounce", "reject", "condemn", "dismiss",
}  # fmt: skip
# Words that say their complement is not (yet) a stance taken: refused ("refused to condemn")
# or only expected or wished for ("few expect Hungary to object", "hoped Nouakchott would").
NOT_TAKEN = {
    "refuse", "decline", "fail", "avoid", "hesitate", "reluctant", "unwilling", "unlikely",
    "unable", "stop", "cease", "expect", "predict", "likely", "wonder", "doubt", "hope", "wish",
    "abstain",
}  # fmt: skip
DOUBT_MARKERS = {"if", "whether", "unless"}
# Not "recognize": withholding recognition is a standing policy, not a stance taken in the text.
REFUSED_WHEN_NEGATED = {"accept", "tolerate", "allow", "permit"}
CLAUSE_EDGES = {"ccomp", "advcl", "relcl", "acl", "parataxis", "csubj", "ROOT"}
VISITORS = ACTOR_NOUNS | {"visitor", "guest", "counterpart"}
# Subjects that stand for the country the previous sentence was about ("The ministry urged").
PRONOUN_HOLDERS = {"it", "ministry", "government", "embassy", "statement", "spokesperson"}
OPENERS = {"prep", "agent", "dative", "aux", "mark"}
RELATIVES = {"which", "that", "who", "whom"}
MAX_TARGET = 200
UNPAIRED = str.maketrans("", "", '"“”')


def find_positions(doc: Doc, extraction: Extraction, roles: Roles) -> None:
    """One position per holder, stance and sentence: the referee, like a reader, counts what a
    sentence says, not how many words say it."""
    seen: set[tuple[EntityRef, str, int]] = set()
    events_in: dict[int, list[Event]] = {}
    for event in extraction.events:
        events_in.setdefault(event.sentence, []).append(event)
    previous: list[EntityRef] = []
    for number, sentence in enumerate(extraction.sentences):
        if sentence.in_title:
            continue
        holders = _Holders(roles, events_in.get(number, []), previous)
        for token in sentence.span:
            refused = _refused(token)
            found = refused or _stance(token)
            if found is None:
                continue
            stance, anchor, target = found
            if target is None or (_negated(token) and not refused):
                continue
            for holder in holders.of(anchor):
                if (holder, stance, number) in seen or _only(target, holder, roles):
                    continue
                seen.add((holder, stance, number))
                extraction.positions.append(
                    Position(
                        holder=holder,
                        stance=stance,
                        target=_clip(target),
                        sentence=number,
                        target_actors=[
                            roles.actor(roles.mention_at[t.i].entity)
                            for t in target
                            if t.i in roles.mention_at and t.i == roles.mention_at[t.i].start
                        ],
                    )
                )
        previous = holders.topic(sentence.span) or previous


def _only(target: Span, holder: EntityRef, roles: Roles) -> bool:
    """The target names the holder and nothing else ("the support of Qatar")."""
    named = [roles.mention_at.get(t.i) for t in target if not (t.is_punct or t.pos_ == "DET")]
    return bool(named) and all(m is not None and roles.actor(m.entity) == holder for m in named)


def _stance(token: Token) -> tuple[str, Token, Span | None] | None:
    """(stance, the word to find the holder from, the span the stance is about) or None."""
    word = token.lemma_.lower()
    if token.lower_ == "against" and token.dep_ == "prep":
        if token.head.lemma_.lower() in AGAINST_HEADS or _lexicon(token.head):
            return "oppose", token.head, _object_span(token)
        return None
    if token.lower_ == "face" and token.head.lower_ == "in":
        of = next((c for c in token.children if c.lower_ == "of"), None)
        return "oppose", token.head.head, _object_span(of)
    if judged := _judgement(token):
        return judged
    found = _lexicon(token)
    if found is None:
        return None
    stance, preps = found
    if word in STRESSED and token.head.lemma_.lower() not in STRESSING:
        return None
    if token.head.lower_ == "in" or any(c.dep_ == "poss" for c in token.children):
        preps = preps | {"of"}  # "in support of", "Pakistan's backing of"
    if token.pos_ in {"VERB", "AUX"}:
        target = _verb_target(token, word, preps)
    else:
        target = _target(token, [c for c in token.children if _introduces(c, preps)], preps)
    if stance == "oppose" and target is not None and target.root.lower_ in NEUTRAL:
        return None  # "concern about the situation in Myanmar": nothing opposed in particular
    return stance, token, target


def _refused(token: Token) -> tuple[str, Token, Span | None] | None:
    """ "Mexico would not accept tariffs", "will never tolerate interference": refusing to
    accept something is opposing it."""
    if token.pos_ != "VERB" or token.lemma_.lower() not in REFUSED_WHEN_NEGATED:
        return None
    if not any(c.dep_ == "neg" for c in token.children):
        return None
    thing = next((c for c in token.children if c.dep_ == "dobj"), None)
    if thing is None:
        return None
    return "oppose", token, _readable(token.doc, thing.left_edge.i, thing.right_edge.i + 1)


def _judgement(token: Token) -> tuple[str, Token, Span | None] | None:
    """A judgement of something someone names or reports ("Iran called the sanctions illegal",
    "Moscow said the deployment was a violation of the treaty"); the writer's own judgements
    ("the move was unacceptable") hold no one's stance."""
    stance = next((s for s, words in JUDGEMENTS.items() if token.lemma_.lower() in words), None)
    if stance is None or token.pos_ not in {"ADJ", "NOUN"} or token.dep_ == "conj":
        return None
    head = token.head
    if token.dep_ == "pobj" and head.lower_ == "as":  # "described the visit as a provocation"
        head = head.head.head if head.head.dep_ == "dobj" else head.head
    elif token.dep_ != "oprd":
        if token.dep_ not in {"acomp", "attr"} or head.lemma_ != "be" or head.dep_ != "ccomp":
            return None
        subject = next((c for c in head.children if c.dep_ == "nsubj"), None)
        return stance, head.head, _target(head, [subject], ANY) if subject is not None else None
    if head.lemma_.lower() not in NAMING_VERBS:
        return None
    objects = [c for c in head.children if c.dep_ == "dobj"]
    if _relative(head, objects):
        return stance, head, _antecedent(head)
    return stance, head, _target(head, objects, ANY) if objects else None


def _lexicon(token: Token) -> tuple[str, frozenset[str]] | None:
    """The stance a word takes and the prepositions that introduce what it is about."""
    if token.dep_ == "compound":
        return None  # "support staff", "the opposition leader"
    lookups: list[tuple[str, str, dict[str, frozenset[str]]]] = []
    if token.pos_ in {"ADJ", "VERB"} and _predicative(token):
        lookups += [
            ("support", token.lower_, SUPPORT_ADJECTIVES),
            ("oppose", token.lower_, OPPOSE_ADJECTIVES),
        ]
    if token.pos_ in {"VERB", "NOUN"}:
        verb = token.pos_ == "VERB"
        lemma = token.lemma_.lower()
        lookups += [
            ("support", lemma, SUPPORT_VERBS if verb else SUPPORT_NOUNS),
            ("oppose", lemma, OPPOSE_VERBS if verb else OPPOSE_NOUNS),
        ]
    for stance, word, table in lookups:
        if word in table:
            return stance, table[word]
    return None


def _predicative(token: Token) -> bool:
    """ "Australia is opposed to", "Italy is supportive of": an adjective said of a subject."""
    if token.dep_ in {"acomp", "oprd"} or any(c.dep_ == "auxpass" for c in token.children):
        return True
    return token.pos_ == "ADJ" and token.dep_ in {"amod", "ROOT", "conj"}


def _introduces(child: Token, preps: frozenset[str]) -> bool:
    """A preposition that opens the target ("disappointed by" is parsed as a passive's agent,
    "lent its support to" as a dative)."""
    return child.dep_ in {"prep", "agent", "dative"} and child.lower_ in preps


def _verb_target(verb: Token, word: str, preps: frozenset[str]) -> Span | None:
    """What a stance verb is about: its object (with "accused X of Y", "urged X to Y"), the
    subject of a passive ("the plan was backed by Spain"), or a phrase it introduces."""
    objects: list[Token] = []  # "called for", "stood with": what the preposition introduces
    if preps is ANY:
        objects = [c for c in verb.children if c.dep_ in {"dobj", "attr", "ccomp"}]
    if not objects and preps is ANY and not _adjectival(verb):
        objects = [c for c in verb.children if c.dep_ == "nsubjpass"]
    parts = objects + [
        c
        for c in verb.children
        if (_introduces(c, preps) and (preps is ANY or _next_to(verb, c)))
        or any(m.dep_ == "mark" and m.lower_ in preps for m in c.children)  # "called for X to"
    ]
    if parts:  # "urged Serbia to recognize ...", but not "called to become"
        parts += [c for c in verb.children if c.dep_ == "xcomp"]
    if preps is ANY and _relative(verb, objects):
        return _antecedent(verb)
    if word in ABOUT_WHAT and not any(
        t.lemma_.lower() in ABOUT_WHAT[word] for part in parts for t in part.subtree
    ):
        return None
    if word in {"welcome", "congratulate"} and any(_names_someone(o) for o in objects):
        return None  # "welcomed the Kenyan delegation": a visit, not a stance
    return _target(verb, parts, preps, objects[0] if objects else None)


def _next_to(verb: Token, prep: Token) -> bool:
    """ "called on Pyongyang", "called strongly for": not "called Argentina on Tuesday"."""
    return all(t.pos_ in {"ADV", "PART"} for t in verb.doc[verb.i + 1 : prep.i])


def _names_someone(token: Token) -> bool:
    return token.ent_type_ in {"PERSON", "GPE", "NORP"} or token.lemma_ in VISITORS


def _adjectival(verb: Token) -> bool:
    """ "is opposed to", "is committed to": a passive form whose subject holds the stance."""
    return (verb.lower_ in SUPPORT_ADJECTIVES or verb.lower_ in OPPOSE_ADJECTIVES) and (
        verb.pos_ == "ADJ" or _predicative(verb)
    )


def _target(
    word: Token, parts: list[Token], preps: frozenset[str], main: Token | None = None
) -> Span | None:
    """The contiguous run of the parts around the main one, without its opening preposition;
    failing parts, a preposition the parse hung one level too high ("declared itself in
    solidarity with the people of Cuba", "expressed concern over ...")."""
    doc = word.doc
    if not parts:
        after = max(t.i for t in word.subtree) + 1
        if not (after < len(doc) and _introduces(doc[after], preps)):
            return None
        if doc[after].head not in word.ancestors:
            return None
        parts = [doc[after]]
    ranges = sorted((min(t.i for t in p.subtree), max(t.i for t in p.subtree) + 1) for p in parts)
    anchor = main.i if main is not None else ranges[0][0]
    runs: list[list[int]] = []
    for start, end in ranges:
        if runs and start <= runs[-1][1]:
            runs[-1][1] = max(end, runs[-1][1])
        else:
            runs.append([start, end])
    start, end = next(r for r in runs if r[0] <= anchor < r[1])
    return _readable(doc, start, end)


def _readable(doc: Doc, start: int, end: int) -> Span | None:
    """The words from start to end without an opening preposition or punctuation at the edges;
    None when no word is left that says what ("supports it")."""
    while start < end and (doc[start].dep_ in OPENERS or doc[start].is_punct):
        start += 1
    while end > start and doc[end - 1].is_punct:
        end -= 1
    span = doc[start:end]
    return span if any(t.pos_ not in {"PRON", "DET", "PUNCT"} for t in span) else None


def _antecedent(verb: Token) -> Span | None:
    """What a relative clause is about: "an agreement ..., which Turkey rejected", "a step
    Beijing called unjustified" (past a date the parse hung the clause from)."""
    noun: Token | None = verb.head
    if noun is not None and (noun.like_num or noun.ent_type_ in {"DATE", "CARDINAL"}):
        clause = next((a for a in noun.ancestors if a.pos_ in {"VERB", "AUX"}), None)
        objects = [c for c in clause.children if c.dep_ == "dobj"] if clause is not None else []
        noun = objects[0] if objects else None
    if noun is None:
        return None
    start = min(t.i for t in noun.subtree)
    end = max(t.i for t in noun.subtree) + 1
    if verb in noun.subtree:
        end = min(end, min(t.i for t in verb.subtree))
    return _readable(verb.doc, start, end)


def _relative(verb: Token, objects: list[Token]) -> bool:
    """A relative clause whose object is what it relates to ("which Turkey rejected")."""
    return (
        verb.dep_ == "relcl"
        and all(o.lower_ in RELATIVES for o in objects)
        and any(c.dep_ == "nsubj" and c.lower_ not in RELATIVES for c in verb.children)
    )


def _object_span(prep: Token | None) -> Span | None:
    if prep is None:
        return None
    objects = [c for c in prep.children if c.dep_ == "pobj"]
    if not objects:
        return None
    subtree = list(objects[0].subtree)
    return prep.doc[subtree[0].i : subtree[-1].i + 1]


def _negated(token: Token) -> bool:
    """ "did not support", "no support", "refused to condemn", "whether Beijing would back":
    a negation, a refusal or a doubt in the clause of the stance word."""
    current = token
    while True:
        if any(_denies(c) for c in current.children):
            return True
        if current is not token and current.lemma_.lower() in NOT_TAKEN:
            return True
        if current.head.lower_ == "without":
            return True
        if current.head.i == current.i:
            return False
        if current.dep_ == "conj" and any(c.dep_ == "nsubj" for c in current.children):
            return False  # "did not endorse the plan, but he welcomed the agreements"
        if current.dep_ in CLAUSE_EDGES:  # "few expect Hungary to object", "no plans to"
            head = current.head
            return any(_denies(c) for c in head.children) or _wished(head)
        current = current.head


def _wished(token: Token) -> bool:
    """Under a word of refusal, expectation or hope, however many clauses up ("hoped Nouakchott
    would join the countries that support the plan")."""
    return any(t.lemma_.lower() in NOT_TAKEN for t in [token, *token.ancestors])


def _controlled(verb: Token) -> bool:
    """A "to" clause with no subject of its own whose doer is the object of the verb above
    ("urged Serbia to recognize", "criticised the decision of Ireland to recognise"), not its
    subject ("summoned the ambassador to protest": a purpose of who summoned)."""
    children = list(verb.children)
    head = verb.head
    return (
        any(c.dep_ == "aux" and c.lower_ == "to" for c in children)
        and not any(c.dep_ in {"nsubj", "nsubjpass"} for c in children)
        and any(c.dep_ == "dobj" for c in head.children)
        and (verb.dep_ != "advcl" or _lexicon(head) is not None)
    )


def _denies(child: Token) -> bool:
    """ "not", "never", "no", "without", "if", "whether" on a word of the stance's clause."""
    return (
        child.dep_ == "neg"
        or (child.lower_ in {"no", "without"} and child.dep_ in {"det", "prep"})
        or (child.dep_ == "mark" and child.lower_ in DOUBT_MARKERS)
    )


class _Holders:
    """Who holds a stance in one sentence, from the parse, the events and the sentence before."""

    def __init__(self, roles: Roles, events: list[Event], previous: list[EntityRef]) -> None:
        self.roles = roles
        self.events = {e.token: e for e in events}
        self.previous = previous

    def of(self, anchor: Token) -> list[EntityRef]:
        """The countries that hold the stance of this word, or none when no one can tell."""
        current = anchor
        if anchor.pos_ == "NOUN" and (by := self._countries(self._from(anchor))):
            return by  # "drawing criticism from Poland"
        if _adjectival(anchor):
            subject = next((c for c in anchor.children if c.dep_ == "nsubjpass"), None)
            if subject is not None and (countries := self._countries(self._named(subject))):
                return countries
            current = anchor.head  # "said it was disappointed by": who said it
        for _ in range(12):
            if _controlled(current):
                return []  # "urged Serbia to recognize": not the urging side's own stance
            owners = self.roles.possessor(current)
            if not owners and current.pos_ in {"VERB", "AUX"}:
                owners = self._subjects(current)
            if countries := self._countries(owners):
                return countries
            if current.dep_ == "relcl":  # "countries that support the plan": those countries
                noun = current.head
                if noun.head.lower_ not in {"among", "of"}:  # "X was among the countries that"
                    return self._countries(self.roles.named_by(noun))
            if current.dep_ == "acl" and current.head.pos_ == "NOUN":
                # "the decision of Ireland to recognise ...": whose decision, not who criticised it
                return self._countries(self._owners(current.head))
            if current.i in self.events and current.pos_ not in {"VERB", "AUX"}:
                event = self.events[current.i]
                if event.actor:
                    return self._countries([event.actor])
                if event.recipient is None:
                    return self._countries(event.participants)
            if current.head.i == current.i:
                break
            current = current.head
        return []

    def _from(
        self, noun: Token, preps: frozenset[str] = frozenset({"from", "by"})
    ) -> list[EntityRef]:
        return [
            entity
            for prep in noun.children
            if prep.dep_ == "prep" and prep.lower_ in preps
            for pobj in prep.children
            if pobj.dep_ == "pobj"
            for entity in self.roles.named_by(pobj)
        ]

    def _owners(self, noun: Token) -> list[EntityRef]:
        return self.roles.possessor(noun) or self._from(noun, frozenset({"of", "by"}))

    def topic(self, sentence: Span) -> list[EntityRef]:
        """The countries a sentence is about: the subject of its main verb."""
        return self._countries(self._subjects(sentence.root))

    def _subjects(self, verb: Token) -> list[EntityRef]:
        """The actors of a verb's clause; a pronoun subject is first who says the clause
        ("Iran said it rejected ..."), then who the previous sentence was about."""
        found = self.roles.clause_roles(verb)[0]
        agent = next((c for c in verb.children if c.dep_ == "agent"), None)
        subject = next((c for c in verb.children if c.dep_ in {"nsubj", "expl"}), None)
        if subject is not None and any(c.lower_ == "opposition" for c in subject.children):
            return []  # "Nigeria's opposition leader" does not speak for Nigeria
        if found or agent is not None or subject is None:
            return found
        return self._named(subject)

    def _named(self, subject: Token) -> list[EntityRef]:
        """Who a subject names, with "a spokesperson for the ministry" for the ministry's
        country (and an apposition: "Ankara, March 3 -- Turkey condemned"), "both sides", "the
        two leaders" and "they" for the article's pair (or the two countries the previous
        sentence was about), "it" for the country it was about."""
        if named := self.roles.named_by(subject):
            return named
        if subject.lower_ in PRONOUN_HOLDERS and all(c.dep_ == "det" for c in subject.children):
            return self.previous if len(self.previous) == 1 else []
        if self.roles.names_the_pair(subject):  # no pair in the article: the sentence before's
            return self.previous if len(self.previous) == 2 else []
        return [
            entity
            for child in subject.children
            for named in (
                [child]
                if child.dep_ == "appos"
                else [g for g in child.children if g.dep_ == "pobj"]
                if child.dep_ == "prep" and child.lower_ in {"of", "for", "from"}
                else []
            )
            for entity in self.roles.named_by(named)
        ]

    @staticmethod
    def _countries(entities: list[EntityRef]) -> list[EntityRef]:
        return [e for e in entities if e.kind == "country"]


def _clip(span: Span) -> str:
    """The target as a reader would write it: one line, quotes only in pairs, not too long."""
    text = " ".join(span.text.split())
    if (text.count('"') + text.count("“") + text.count("”")) % 2:
        text = " ".join(text.translate(UNPAIRED).split())
    return text if len(text) <= MAX_TARGET else text[: MAX_TARGET - 1].rsplit(" ", 1)[0] + "…"
