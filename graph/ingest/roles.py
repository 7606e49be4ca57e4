"""Who does what to whom: the actors a phrase names, read from the dependency parse.

A phrase stands for an actor when its head word, a possessor ("Cuba's support"), a
compound or demonym ("Chinese support") or a conjunct ("China and Cuba") is a mention.
"The two countries", "both governments" and "they" stand for the article's main pair.
Persons act for the country of their post.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from .model import EntityRef, Extraction, Mention
from .posts import affiliation
from .relations import main_relation, party

ACTOR_NOUNS = {
    "government",
    "authorities",
    "side",
    "ministry",
    "embassy",
    "delegation",
    "leader",
    "leaders",
    "officials",
    "president",
    "army",
    "forces",
    "military",
    "people",
    "state",
    "administration",
    "leadership",
    "diplomats",
    "troops",
    "navy",
    "parliament",
    "police",
    "soldiers",
    "officers",
    "rebels",
    "militiamen",
    "ambassador",
    "envoy",
    "minister",
    "spokesman",
    "spokeswoman",
}
PARTITIVE_NOUNS = {"group", "thousand", "hundred", "dozen", "score", "number", "team", "unit"}
PAIR_WORDS = {"both", "they", "two", "sides", "parties", "we"}
JOINT_NOUNS = {"ministers", "leaders", "presidents", "delegations", "heads"}
PAIR_NOUNS = {"countries", "nations", "governments", "sides", "parties", "peoples", "states"}
MODIFIER_DEPS = {"poss", "compound", "amod", "nmod"}
OBJECT_DEPS = {"dobj", "dative", "attr", "oprd"}
RECIPIENT_PREPS = {"to", "for", "with", "on", "against", "toward", "towards", "at", "from", "into"}


class Roles:
    def __init__(self, doc: Doc, extraction: Extraction) -> None:
        self.doc = doc
        self.extraction = extraction
        self.mention_at: dict[int, Mention] = {}
        for mention in extraction.mentions:
            for i in range(mention.start, mention.end):
                self.mention_at[i] = mention
        relation = main_relation(extraction)
        self.pair = [party(key) for key in relation.parties] if relation else []

    def actor(self, entity: EntityRef) -> EntityRef:
        """A person stands for the country they represent, when the article says which; a
        government body ("the Kremlin", "Russia's Foreign Ministry") for its country."""
        if entity.kind == "person":
            country = affiliation(self.extraction, entity.key)
            if country:
                return EntityRef("country", country)
        if entity.kind == "organization":
            info = self.extraction.organizations.get(entity.key)
            if info and info.kind == "government" and info.country:
                return EntityRef("country", info.country)
        return entity

    def named_by(self, head: Token) -> list[EntityRef]:
        """The actors a phrase with this head names (conjuncts included): the head itself, or
        the countries among its modifiers ("Senior Hungarian and Romanian officials", "British
        Defence Secretary Tom King", "security forces in Guinea")."""
        found: list[EntityRef] = []
        for token in [head, *head.conjuncts]:
            mention = self.mention_at.get(token.i)
            if mention is not None:
                found.append(self.actor(mention.entity))
            elif modifiers := self._modifier_actors(token):
                found.extend(modifiers)
            elif self.names_the_pair(token):
                found.extend(self.pair)
        return _unique(found)

    def _modifier_actors(self, token: Token, depth: int = 2) -> list[EntityRef]:
        """Countries among a noun's modifiers and their conjuncts or, failing those, in the
        "in"/"of" phrase of a noun that stands for a group acting for a country."""
        modifiers = [
            candidate
            for child in token.children
            if child.dep_ in MODIFIER_DEPS
            for candidate in [child, *child.conjuncts]
        ]
        found = self._actors_in(modifiers, depth)
        if not found and _is_group(token):
            found = _unique(
                [
                    e
                    for child in token.children
                    if child.dep_ == "prep" and child.lower_ in {"in", "of"}
                    for g in child.children
                    if g.dep_ == "pobj"
                    for e in self.named_by(g)
                ]
            )
        return found

    def _actors_in(self, tokens: list[Token], depth: int) -> list[EntityRef]:
        found: list[EntityRef] = []
        for token in tokens:
            if token.i in self.mention_at:
                found.append(self.actor(self.mention_at[token.i].entity))
            elif depth > 1:
                found.extend(self._modifier_actors(token, depth - 1))
        return _unique(found)

    def names_the_pair(self, token: Token) -> bool:
        """ "They", "both sides", "the two countries", "both leaders"; and in a joint statement
        or a readout, "the Ministers", "the leaders" or "the Parties" of the two sides."""
        if token.lower_ in {"they", "both"}:
            return True
        if token.lower_ not in PAIR_NOUNS | JOINT_NOUNS:
            return False
        modifiers = {c.lower_ for c in token.children}
        return bool(({token.lower_} | modifiers) & PAIR_WORDS) or modifiers == {"the"}

    def clause_roles(self, verb: Token) -> tuple[list[EntityRef], list[EntityRef]]:
        """Who acts in a verb's clause and who undergoes it ("X was attacked by Y")."""
        agent = next((c for c in verb.children if c.dep_ == "agent"), None)
        passive_subject = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
        subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        patients = self.named_by(passive_subject) if passive_subject is not None else []
        if agent is not None:
            objects = [g for g in agent.children if g.dep_ == "pobj"]
            return (self.named_by(objects[0]) if objects else []), patients
        if subject is not None:
            named = self.named_by(subject)
            if not named and subject.pos_ == "PRON" and verb.head.i != verb.i:
                named = self.clause_roles(verb.head)[0]
            return named, patients
        if (
            passive_subject is None
            and verb.dep_ in {"xcomp", "conj", "acomp", "pcomp", "advcl"}
            and verb.head.i != verb.i
        ):
            return self.clause_roles(verb.head)
        return [], patients

    def possessor(self, noun: Token) -> list[EntityRef]:
        for child in noun.children:
            if child.dep_ in {"poss", "compound", "amod"} and child.i in self.mention_at:
                return [self.actor(self.mention_at[child.i].entity)]
        return []

    def recipients(self, word: Token, depth: int = 5) -> list[EntityRef]:
        """Objects and prepositional objects ("support to China", "met Xi"), also further down
        an object or an infinitive ("threatened to break relations with Russia", "promised
        military aid to Mozambique"), then the subject of a "that" clause ("demanded that the
        US cancel")."""
        found: list[EntityRef] = []
        deeper: list[Token] = []  # objects that name no actor: look inside ("part of X")
        for child in word.children:
            if child.dep_ in OBJECT_DEPS:
                objects = [child]
            elif child.dep_ == "prep" and (
                child.lower_ in RECIPIENT_PREPS or (child.lower_ == "of" and word.pos_ == "NOUN")
            ):
                objects = [g for g in child.children if g.dep_ == "pobj"]
            else:
                objects = []
                if child.dep_ in {"xcomp", "pcomp"}:
                    deeper.append(child)
            for obj in objects:
                named = self.named_by(obj)
                found += named
                if not named:
                    deeper.append(obj)
        if depth > 1:
            for token in deeper:
                found += self.recipients(token, depth - 1)
        if not found and word.pos_ in {"VERB", "AUX"}:
            for child in word.children:
                if child.dep_ == "ccomp":
                    found += [
                        e
                        for s in child.children
                        if s.dep_ in {"nsubj", "nsubjpass"}
                        for e in self.named_by(s)
                    ]
        return _unique(found)

    def between(self, word: Token) -> list[EntityRef]:
        for child in word.children:
            if child.dep_ == "prep" and child.lower_ in {"between", "among"}:
                return [
                    e for g in child.children if g.dep_ == "pobj" for e in self.named_by(g)
                ] or self.pair
        return []

    def governing_verb(self, token: Token, steps: int = 6) -> Token | None:
        """Climb from a noun to the verb whose clause it sits in."""
        current = token
        for _ in range(steps):
            if current.head.i == current.i:
                return current if current.pos_ in {"VERB", "AUX"} else None
            current = current.head
            if current.pos_ in {"VERB", "AUX"}:
                return current
        return None


def _unique(entities: list[EntityRef]) -> list[EntityRef]:
    return list(dict.fromkeys(entities))


def _is_group(token: Token) -> bool:
    """A noun that stands for people acting for a country ("forces in Guinea"), or a
    quantity of them ("thousands of Bolivian farmers")."""
    return (
        token.pos_ == "NUM"
        or token.lower_ in ACTOR_NOUNS
        or token.lemma_ in ACTOR_NOUNS
        or token.lemma_ in PARTITIVE_NOUNS
    )
