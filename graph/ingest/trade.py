"""Trade facts: who sells what to whom, how much, and how the two rank for each other.

Read from the dependency parse rather than from fixed phrases, so that the many ways news
words the same fact are one rule each:

- a trade verb with its subject and its "to"/"from" object ("Kenya exports tea to China",
  "Iraq imports cement from Turkey", "the Netherlands buys 40 percent of Ethiopia's flowers");
- a trade noun with its possessor or demonym and its "to"/"from" object ("Turkey's exports to
  Iraq", "Japanese car exports to Thailand", "Peru's imports from Chile");
- a role noun said of a country ("X is Y's largest supplier of Z", "the main destination of
  its exports", "a key buyer of Australian wheat", "Y's second trading partner");
- an amount of trade between the two ("bilateral trade stood at $N billion", "a trade surplus
  of N with Y").

Either side may be a non-state party such as the EU or ASEAN; its ISO3 then stays unbound.
"Its" is the subject of its clause, else the other party the sentence, the article or the
sentence before names ("Its exports of cherries to China grew"). A fact's text is its own
clause, so values and years stay with it and a second clause's do not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from .model import EntityRef, Extraction, TradeFlow
from .relations import is_bloc
from .roles import Roles

RANKS = {
    "first": 1,
    "main": 1,
    "top": 1,
    "largest": 1,
    "biggest": 1,
    "leading": 1,
    "principal": 1,
    "primary": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
}
# Verbs and nouns whose subject or possessor is the seller, and those whose is the buyer.
SELLING_VERBS = {"export", "sell", "ship", "supply", "deliver", "re-export"}
BUYING_VERBS = {"import", "buy", "purchase", "source", "procure"}
SELLING_NOUNS = {"export", "shipment", "sale", "delivery", "re-export"}
BUYING_NOUNS = {"import", "purchase"}
# Role nouns: who is the seller's or the buyer's what.
SELLER_ROLES = {"supplier", "source", "origin", "exporter", "provider", "seller", "vendor"}
BUYER_ROLES = {"buyer", "customer", "destination", "market", "importer", "client", "purchaser"}
ROLE_NOUNS = SELLER_ROLES | BUYER_ROLES | {"partner"}
PARTNER_QUALIFIERS = {"trade", "trading", "commercial", "economic"}
# Role nouns that also have other senses ("a source of concern"): they need trade words.
LOOSE_ROLES = {"source", "origin", "market", "destination", "provider", "client"}
# Amounts of trade between the two, with no direction of their own.
VOLUME_NOUNS = {"trade", "commerce", "turnover"}
VOLUME_WORDS = {
    "bilateral",
    "two-way",
    "total",
    "overall",
    "mutual",
    "annual",
    "volume",
    "value",
    "turnover",
    "balance",
}
AMOUNT_WORDS = {"million", "billion", "trillion", "percent", "%", "bn", "mn"}
IMBALANCE = {"surplus": "holder sells", "deficit": "holder buys"}
CHANGE_VERBS = {
    "rise",
    "grow",
    "fall",
    "reach",
    "stand",
    "total",
    "amount",
    "exceed",
    "increase",
    "decrease",
    "decline",
    "double",
    "triple",
    "jump",
    "climb",
    "drop",
    "surge",
    "hit",
    "top",
    "shrink",
    "slow",
    "soar",
    "plunge",
    "narrow",
    "widen",
}
# Words that measure goods rather than name them: "40 percent of Y's flowers".
QUANTITY_WORDS = {
    "percent",
    "%",
    "share",
    "third",
    "half",
    "quarter",
    "fifth",
    "most",
    "bulk",
    "part",
    "majority",
    "tonne",
    "ton",
    "barrel",
    "worth",
    "lot",
    "amount",
    "volume",
    "value",
    "quantity",
    "billion",
    "million",
    "all",
    "some",
    "much",
}
GENERIC_GOODS = {
    "product",
    "good",
    "commodity",
    "item",
    "merchandise",
    "trade",
    "export",
    "import",
    "shipment",
    "sale",
    "purchase",
    "thing",
    "cargo",
}
# Who makes, sells or buys goods, rather than goods: "a market for Ukrainian farmers".
TRADERS = {
    "farmer",
    "producer",
    "maker",
    "manufacturer",
    "grower",
    "company",
    "firm",
    "business",
    "exporter",
    "importer",
    "trader",
    "consumer",
    "investor",
    "worker",
    "people",
    "tourist",
    "visitor",
    "student",
    "traveller",
    "traveler",
    "migrant",
}
# What is given or argued rather than traded: "supplied humanitarian aid to Gaza".
NOT_GOODS = {
    "aid",
    "assistance",
    "help",
    "support",
    "relief",
    "donation",
    "idea",
    "vision",
    "speech",
    "address",
    "message",
    "letter",
    "remark",
    "warning",
    "blow",
    "investment",
    "capital",
    "loan",
    "credit",
    "funding",
    "tourism",
    "stake",
    "holding",
}
VERBAL = {"VERB", "AUX"}
OWN_CLAUSE_DEPS = {"advcl", "parataxis", "conj", "ccomp", "relcl"}
_LIST = re.compile(
    r"\b(?:such as|including|like|namely|mainly|mostly|notably|chiefly|especially|"
    r"particularly|primarily|led by|dominated by)\s+(?P<list>[^.;:()]+)",
    re.I,
)
_MEASURE = re.compile(r"\s+(?:worth|valued|totall?ing|of about|of some)\b|\s+[$€£]?\d")
_LIST_END = re.compile(
    r",?\s*(?:\b(?:among others|and others|etc\.?|and more)\b|\s[-–—]\s).*$", re.I
)


@dataclass
class _Fact:
    """A trade fact as found, before duplicates in one sentence are merged."""

    seller: EntityRef | None
    buyer: EntityRef | None
    trigger: Token
    directed: bool = True
    products: list[str] = field(default_factory=list)
    rank: int | None = None
    words: Span | None = None  # the fact's text, when the parse gives no clause for it

    @classmethod
    def flow(
        cls, party: EntityRef, other: EntityRef, selling: bool, trigger: Token, **more
    ) -> _Fact:
        """A fact said from one party's side: it sells to the other, or buys from it."""
        seller, buyer = (party, other) if selling else (other, party)
        return cls(seller, buyer, trigger, **more)


def find_trade(extraction: Extraction, roles: Roles) -> None:
    reader = _TradeReader(extraction, roles)
    for number, sentence in enumerate(extraction.sentences):
        if not sentence.in_title:
            extraction.trade.extend(reader.read(number, sentence.span))


class _TradeReader:
    def __init__(self, extraction: Extraction, roles: Roles) -> None:
        self.extraction = extraction
        self.roles = roles

    def read(self, number: int, span: Span) -> list[TradeFlow]:
        facts: list[_Fact] = []
        for token in span:
            lemma = token.lemma_.lower()
            noun = token.pos_ in {"NOUN", "PROPN"}
            found = []
            if token.pos_ == "VERB" and lemma in SELLING_VERBS | BUYING_VERBS:
                found = self._verb(token, lemma in SELLING_VERBS)
            elif noun and lemma in SELLING_NOUNS | BUYING_NOUNS:
                found = self._trade_noun(token, lemma in SELLING_NOUNS)
            elif noun and lemma in ROLE_NOUNS | {"share"}:
                found = self._role(token, lemma)
            elif noun and lemma in VOLUME_NOUNS:
                found = self._volume(token)
            if not found and lemma in SELLING_VERBS | BUYING_VERBS and _misread(token):
                found = self._surface(token, lemma in SELLING_VERBS)
            facts += found
        return [self._flow(fact, number) for fact in _merge(facts)]

    # --- the four shapes -------------------------------------------------------------------

    def _verb(self, verb: Token, selling: bool) -> list[_Fact]:
        """ "Kenya exports tea to China", "tea is shipped to China by Kenya", "China buys most
        of Chile's copper", "Ethiopia supplies a third of the roses sold in the Netherlands"."""
        goods = [c for c in verb.children if c.dep_ in {"dobj", "nsubjpass"}]
        if any(c.dep_ == "neg" for c in verb.children) or any(
            t.lemma_.lower() in NOT_GOODS for g in goods for t in (g, *g.conjuncts)
        ):
            return []
        actors, patients = self.roles.clause_roles(verb)
        passive = any(c.dep_ == "nsubjpass" for c in verb.children)
        subjects = self._parties(actors)
        if not subjects and passive:  # "Kenyan tea is exported", "oil is imported into Y"
            subjects = self._parties(patients) if selling else self._linked(verb, {"into", "to"})
        if not subjects and verb.dep_ == "acl":  # "Poland signed a contract to buy tanks"
            subjects = self._subject_of(verb.head)
        links = {"to", "into", "in"} if selling else {"from"}
        others = self._linked(verb, links)
        for inner in [*goods, *(c for c in verb.children if c.dep_ == "prep")]:
            others = others or self._inside(inner, links)  # "roses sold in", "worth $N to"
        if not others and subjects:  # "... and buys machinery from it"
            pronouns = [o for o in _objects(verb, links) if o.lower_ in {"it", "them"}]
            others = [e for o in pronouns for e in self._antecedent(o, exclude=subjects[0])]
        if selling and not others:  # "a quarter of the gas imported by Japan"
            buyers = [t for g in goods for t in g.subtree if t.lemma_.lower() in BUYING_VERBS]
            others = [e for t in buyers for e in self._linked(t, {"by"})]
        if not selling and not others:
            for good in goods:
                others = others or self._owner_of_goods(good)
        products = [p for good in goods for p in self._goods(good)] + self._listed_after(verb)
        return [
            _Fact.flow(subject, other, selling, verb, products=products)
            for subject in subjects
            for other in others
            if other != subject
        ]

    def _trade_noun(self, noun: Token, selling: bool) -> list[_Fact]:
        """ "Turkey's exports to Iraq", "shipments of coffee to the Netherlands", "Peru's
        imports from Chile", "39 percent of Chile's exports" (the buyer is the subject)."""
        links = {"to", "into"} if selling else {"from"}
        other = self._inside(noun, links)
        verb = self.roles.governing_verb(noun)
        if not other and verb is not None and noun.dep_ in {"dobj", "pobj"}:
            other = self._linked(verb, links)  # "raise exports of tea to China"
        own = [e for e in self._owner(noun, exclude=other[0] if other else None) if e not in other]
        if not own:
            own = self._linked(noun, {"from"} if selling else {"by"})
        if not own and noun.dep_ in {"dobj", "pobj"}:
            own = [e for e in self._subject_of(noun) if e not in other]
        if not other and not selling:
            other = [e for obj in _objects(noun, {"of"}) for e in self._owner(obj, None)]
        if not other and own and _measured(noun):
            other = [e for e in self._subject_of(noun) if e not in own]
        if not own and len(other) == 1 and other[0] in self.roles.pair:
            own = [e for e in self.roles.pair if e != other[0]]
        named = [c for c in noun.children if c.dep_ in {"compound", "appos"}]
        products = [p for c in named for p in self._goods(c)]
        products += [p for obj in _objects(noun, {"of"}) for p in self._goods(obj)]
        products += self._listed_after(noun)
        return [
            _Fact.flow(o, x, selling, noun, products=products)
            for o in own[:1]
            for x in other
            if o != x
        ]

    def _role(self, noun: Token, lemma: str) -> list[_Fact]:
        """ "Peru is Korea's largest supplier of copper", "China is the main destination of
        Cuba's exports", "Indonesia is a key buyer of Australian wheat", "X is Y's second
        trading partner" (no direction)."""
        if lemma in {"share", "market"} and (share := _share_of_market(noun)):
            return self._market_share(*share)
        partner = lemma == "partner"
        modifiers = {c.lemma_.lower() for c in noun.children if c.dep_ in {"compound", "amod"}}
        if (partner and not modifiers & PARTNER_QUALIFIERS) or modifiers & (TRADERS | NOT_GOODS):
            return []  # "a strategic partner", "a tourist destination", "an investment source"
        holder, rank = self._holder(noun)
        if not holder:
            return []
        counterpart = self._owner(noun, exclude=holder[0])
        inner = _objects(noun, {"of", "for", "to"})
        if not counterpart:
            counterpart = [e for obj in inner for e in self._named(obj)]
        if not counterpart:
            counterpart = [e for obj in inner for e in self._owner(obj, exclude=holder[0])]
        verb = self.roles.governing_verb(noun)
        if not counterpart and verb is not None:
            counterpart = self._linked(verb, {"for", "to"})
        counterpart = [e for e in counterpart if e != holder[0]] or self._other(noun, holder[0])
        if not counterpart or (lemma in LOOSE_ROLES and not self._about_trade(noun, inner)):
            return []
        rank = _rank(noun) or rank
        if partner:
            return [_Fact(holder[0], counterpart[0], noun, directed=False, rank=rank)]
        products = [p for obj in inner if obj.head.head == noun for p in self._goods(obj)]
        products += _listed(_text(_own_subtree(noun)))
        if lemma in SELLER_ROLES:
            return [_Fact(holder[0], counterpart[0], noun, products=products, rank=rank)]
        return [_Fact(counterpart[0], holder[0], noun, products=products, rank=rank)]

    def _market_share(self, share: Token, market: Token) -> list[_Fact]:
        """ "Morocco's share of the Spanish tomato market", "Kenya holds 30 percent of the
        Egyptian tea market": the share's holder sells into the market's country."""
        buyer = self._owner(market, exclude=None) or self._linked(share, {"in"})
        seller = [
            e for e in self._owner(share, exclude=None) or self._subject_of(share) if e not in buyer
        ]
        if not seller or not buyer:
            return []
        products = [p for c in market.children if c.dep_ == "compound" for p in self._goods(c)]
        return [_Fact(seller[0], buyer[0], share, products=products)]

    def _volume(self, noun: Token) -> list[_Fact]:
        """ "Bilateral trade stood at $820 million", "total trade between A and B reached",
        "a trade surplus of N with Y" (the holder sells more than it buys)."""
        head = noun.head if noun.dep_ == "compound" else noun
        if head != noun and head.lemma_.lower() not in VOLUME_WORDS | set(IMBALANCE):
            return []  # "a trade agreement", "a trade delegation"
        words = set(_text([t for c in noun.lefts for t in c.subtree]).lower().split())
        words |= {head.lemma_.lower(), *(c.lemma_.lower() for c in head.children)}
        between = self.roles.between(noun) or self.roles.between(head)
        if not between and self._owner(noun, exclude=None):  # "Japan's trade with Korea"
            between = self._linked(noun, {"with"})
        imbalance = IMBALANCE.get(head.lemma_.lower())
        if not (words & VOLUME_WORDS or between or imbalance):
            return []
        clause = self._clause(noun)
        verb = self.roles.governing_verb(noun)
        measured = any(
            t.ent_type_ in {"MONEY", "PERCENT", "QUANTITY"} or t.lower_ in AMOUNT_WORDS
            for t in clause
        )
        changed = verb is not None and verb.lemma_.lower() in CHANGE_VERBS and verb.dep_ != "xcomp"
        if not (measured or changed):
            return []
        if imbalance:
            holder = self._owner(head, exclude=None) or self._subject_of(head)
            other = self._inside(head, {"with"}) or (
                self._linked(verb, {"with"}) if verb is not None else []
            )
            if holder and other and holder[0] != other[0]:
                seller, buyer = (holder[0], other[0])
                if imbalance == "holder buys":
                    seller, buyer = buyer, seller
                return [_Fact(seller, buyer, head)]
        return [_Fact(None, None, noun, directed=False)]

    def _surface(self, token: Token, selling: bool) -> list[_Fact]:
        """When the parse misreads a trade verb ("Iraq imports cement from Turkey" read as
        compounds): a party right before the verb form and one right after its "to"/"from"."""
        before = self.roles.mention_at.get(token.i - 1)
        link = next(
            (t for t in token.sent if t.i > token.i and t.lower_ == ("to" if selling else "from")),
            None,
        )
        after = self.roles.mention_at.get(link.i + 1) if link is not None else None
        if before is None or after is None or link is None:
            return []
        subject = self._parties([before.entity])
        head = token.doc[after.end - 1]
        others = self._parties(self.roles.named_by(head))  # with its conjuncts
        words = token.doc[before.start : max(after.end, head.right_edge.i + 1)]
        products = _items(token.doc[token.i + 1 : link.i].text)
        return [
            _Fact.flow(subject[0], other, selling, token, products=products, words=words)
            for other in others
            if subject and other != subject[0]
        ]

    # --- who ------------------------------------------------------------------------------

    def _parties(self, entities: list[EntityRef]) -> list[EntityRef]:
        """Countries, and international organizations (the EU, ASEAN) as non-state parties."""
        found = [self.roles.actor(entity) for entity in entities]
        found = [e for e in found if e.kind == "country" or is_bloc(e, self.extraction)]
        return list(dict.fromkeys(found))

    def _named(self, token: Token) -> list[EntityRef]:
        mention = self.roles.mention_at.get(token.i)
        return self._parties([mention.entity]) if mention is not None else []

    def _linked(self, word: Token, preps: set[str]) -> list[EntityRef]:
        """The parties in a word's prepositional objects ("to China", "from Turkey")."""
        found = []
        for obj in _objects(word, preps):
            found += self._parties(self.roles.named_by(obj))
        return list(dict.fromkeys(found))

    def _inside(self, good: Token, preps: set[str]) -> list[EntityRef]:
        """A party in a clause on the goods: "the roses sold in the Netherlands"."""
        found = []
        for token in good.subtree:
            if token.dep_ == "prep" and token.lower_ in preps:
                found += self._linked(token.head, {token.lower_})
        return list(dict.fromkeys(found))

    def _owner_of_goods(self, good: Token) -> list[EntityRef]:
        """The seller named on what is bought: "40 percent of Ethiopia's cut flowers",
        "Australian wheat", "barrels per day of Russian crude"."""
        if found := self._owner(good, exclude=None):
            return found
        inner = [t for t in good.subtree if t.dep_ == "pobj" and t.head.lower_ == "of"]
        return [e for obj in inner for e in self._owner(obj, exclude=None)]

    def _owner(self, noun: Token, exclude: EntityRef | None) -> list[EntityRef]:
        """A noun's possessor, compound or demonym ("Cuba's", "Turkish"), or "its"/"their"."""
        if found := self._parties(self.roles.possessor(noun)):
            return found
        pronoun = next(
            (c for c in noun.children if c.dep_ == "poss" and c.lower_ in {"its", "their"}), None
        )
        return self._antecedent(pronoun, exclude) if pronoun is not None else []

    def _antecedent(self, pronoun: Token, exclude: EntityRef | None) -> list[EntityRef]:
        """What "its" stands for: the subject of its clause, else the last other party named
        before it in the sentence, else the article's other party, else the last other party
        of the sentence before."""
        subject = [e for e in self._subject_of(pronoun.head) if e != exclude]
        if subject:
            return subject[:1]
        number = self.extraction.sentence_of[pronoun.i]
        earlier = [
            m.entity
            for m in self.extraction.mentions_in(number)
            if m.start < pronoun.i and self._parties([m.entity]) and m.entity != exclude
        ]
        if earlier:
            return self._parties(earlier[-1:])
        pair = [e for e in self.roles.pair if e != exclude]
        if len(pair) == 1:
            return pair
        before = [
            m.entity
            for m in self.extraction.mentions_in(number - 1)
            if self._parties([m.entity]) and m.entity != exclude
        ]
        return self._parties(before[-1:])

    def _other(self, token: Token, party: EntityRef) -> list[EntityRef]:
        """The one other party the sentence names, else the article's other party."""
        number = self.extraction.sentence_of[token.i]
        named = self._parties([m.entity for m in self.extraction.mentions_in(number)])
        others = [e for e in named if e != party]
        if len(others) == 1:
            return others
        pair = [e for e in self.roles.pair if e != party]
        return pair if not others and len(pair) == 1 else []

    def _subject_of(self, noun: Token) -> list[EntityRef]:
        verb = self.roles.governing_verb(noun)
        return self._parties(self.roles.clause_roles(verb)[0]) if verb is not None else []

    def _holder(self, noun: Token) -> tuple[list[EntityRef], int | None]:
        """Who a role noun is said of ("Peru is ... supplier", "consolidating as ... partner",
        "Peru, Korea's largest supplier"), climbing coordinations and "second in the origin of
        imports and the main destination of its exports"; with a rank met on the way."""
        rank = None
        token = noun
        while token.head.i != token.i:
            if token.dep_ in {"attr", "oprd", "advcl", "acomp"} and token.head.pos_ in VERBAL:
                return self._parties(self.roles.clause_roles(token.head)[0]), rank
            if token.dep_ == "appos":
                return self._parties(self.roles.named_by(token.head)), rank
            if token.dep_ == "nsubj":
                attrs = [c for c in token.head.children if c.dep_ == "attr"]
                return self._parties([e for a in attrs for e in self.roles.named_by(a)]), rank
            if token.dep_ == "pobj" and token.head.lower_ == "as":
                verb = token.head.head
                if verb.pos_ not in VERBAL:
                    break
                return self._parties(self.roles.clause_roles(verb)[0]), rank
            if token.dep_ == "pobj" and token.head.lower_ in {"in", "of", "among"}:
                token = token.head.head
                rank = rank or RANKS.get(token.lower_)
            elif token.dep_ == "conj":
                token = token.head
            else:
                break
        return [], rank

    def _about_trade(self, noun: Token, inner: list[Token]) -> bool:
        """A loose role noun is about trade when its phrase names trade or goods."""
        words = {t.lemma_.lower() for t in noun.subtree if t.i != noun.i}
        if words & (SELLING_NOUNS | BUYING_NOUNS | SELLING_VERBS | BUYING_VERBS):
            return True
        return any(self._goods(obj) for obj in inner if not self._named(obj))

    # --- what and the fact's text -----------------------------------------------------------

    def _goods(self, head: Token, depth: int = 3) -> list[str]:
        """Products a noun phrase names, with its conjuncts: "tea, coffee and avocados";
        through measures and generic nouns ("180,000 tonnes of lithium carbonate", "products
        such as rum and sugar")."""
        if depth == 0 or head.i in self.roles.mention_at or head.pos_ not in {"NOUN", "PROPN"}:
            if head.like_num or head.lower_ in QUANTITY_WORDS:
                return [p for obj in _objects(head, {"of"}) for p in self._goods(obj, depth - 1)]
            return []
        lemma = head.lemma_.lower()
        if lemma in TRADERS | NOT_GOODS:
            return []
        if lemma in QUANTITY_WORDS or lemma in GENERIC_GOODS or head.ent_type_ == "MONEY":
            inner = _objects(head, {"of", "in", "such", "including", "like"})
            found = [p for obj in inner for p in self._goods(obj, depth - 1)]
            return found + _listed(_text(_own_subtree(head)))
        found = [_phrase(head, self.roles)]
        for conj in head.conjuncts:
            if conj.i not in self.roles.mention_at and conj.pos_ in {"NOUN", "PROPN"}:
                found.append(_phrase(conj, self.roles))
        return found

    def _clause(self, trigger: Token) -> list[Token]:
        """The tokens of the trigger's clause, without other clauses that have their own
        subject or conjunction (a reporting "the ministry said", a second "and Iraq is ...",
        "while Kenya exports ...")."""
        top = trigger if trigger.pos_ in VERBAL else self.roles.governing_verb(trigger)
        while top is not None and top.dep_ == "xcomp":
            top = top.head
        if top is None:
            top = trigger
            while top.head.i != top.i:
                top = top.head
        dropped: set[int] = set()
        for token in top.subtree:
            if (
                token.dep_ in OWN_CLAUSE_DEPS | {"mark"}
                and token.i != trigger.i
                and trigger not in token.subtree
                and (trigger.pos_ in VERBAL or token not in trigger.subtree)
                and (
                    token.dep_ == "mark"
                    or any(c.dep_ in {"nsubj", "nsubjpass", "mark"} for c in token.children)
                )
            ):
                dropped |= {t.i for t in token.subtree}
        return [t for t in top.subtree if t.i not in dropped]

    def _listed_after(self, trigger: Token) -> list[str]:
        """Products listed in the trigger's clause after it: "…, led by phones and shoes"."""
        return _listed(_text([t for t in self._clause(trigger) if t.i > trigger.i]))

    def _flow(self, fact: _Fact, number: int) -> TradeFlow:
        clause = list(fact.words) if fact.words is not None else self._clause(fact.trigger)
        return TradeFlow(
            exporter=_iso3(fact.seller) if fact.directed else None,
            importer=_iso3(fact.buyer) if fact.directed else None,
            statement=_text(clause),
            sentence=number,
            products=list(dict.fromkeys(p for p in fact.products if p)),
            rank=fact.rank,
        )


def _objects(word: Token, preps: set[str]) -> list[Token]:
    """The objects of a word's prepositions among `preps`, with their conjuncts."""
    found = []
    for child in word.children:
        if child.dep_ in {"prep", "agent", "dative"} and child.lower_ in preps:
            for obj in child.children:
                if obj.dep_ in {"pobj", "pcomp"}:
                    found += [obj, *obj.conjuncts]
        elif child.dep_ == "amod" and child.lower_ == "such":
            found += _objects(child, {"as"})
    return found


def _share_of_market(noun: Token) -> tuple[Token, Token] | None:
    """The share and the market of "a share of the X market", "N percent of X's market",
    "X's market share"."""
    if noun.lemma_.lower() == "share":
        markets = [c for c in noun.children if c.dep_ == "compound" and c.lower_ == "market"]
        markets += [o for o in _objects(noun, {"of", "in"}) if o.lemma_.lower() == "market"]
        return (noun, markets[0]) if markets else None
    if _measured(noun):
        return noun.head.head, noun
    return None


def _misread(token: Token) -> bool:
    """A trade verb form the parse took for a noun or modifier ("Iraq imports cement")."""
    return token.pos_ != "VERB" or token.dep_ in {"amod", "compound", "nmod", "npadvmod"}


def _own_subtree(head: Token) -> list[Token]:
    """A phrase without its conjuncts and the role nouns inside it: "the origin of imports"
    out of "the origin of imports and the main destination of its exports"."""
    skipped = {
        t.i
        for c in head.subtree
        if c.i != head.i
        and ((c.dep_ == "conj" and c.head.i == head.i) or c.lemma_.lower() in ROLE_NOUNS)
        for t in c.subtree
    }
    return [t for t in head.subtree if t.i not in skipped]


def _measured(noun: Token) -> bool:
    """Whether a trade noun is measured by a share ("39 percent of Chile's exports")."""
    head = noun.head.head if noun.dep_ == "pobj" and noun.head.lower_ == "of" else None
    return head is not None and (head.like_num or head.lemma_.lower() in QUANTITY_WORDS)


def _phrase(head: Token, roles: Roles) -> str:
    """A product's name: its head with its compounds and adjectives, no country or number."""
    words = [
        t
        for t in head.lefts
        if t.dep_ in {"compound", "amod", "nmod"}
        and t.i not in roles.mention_at
        and not t.like_num
        and t.lower_ not in RANKS
        and t.lemma_.lower() not in GENERIC_GOODS | SELLING_VERBS | BUYING_VERBS
    ]
    return " ".join(t.text for t in [*words, head]).strip()


def _rank(noun: Token) -> int | None:
    """The rank a role noun's modifiers give ("third largest", "top", "2nd"): 1 is main."""
    for token in noun.lefts:
        for word in token.subtree:
            if word.lower_ in RANKS:
                return RANKS[word.lower_]
            if match := re.fullmatch(r"(\d{1,2})(?:st|nd|rd|th)", word.lower_):
                return int(match.group(1))
    return None


def _listed(text: str) -> list[str]:
    """Products listed after "such as", "including", "mainly", "led by" …"""
    match = _LIST.search(text)
    if not match:
        return []
    return _items(_LIST_END.sub("", match.group("list")))


def _items(text: str) -> list[str]:
    """The items of a written list: "tea, coffee and cut flowers"."""
    parts = [_MEASURE.split(p)[0].strip() for p in re.split(r",\s*|\s+and\s+|\s+or\s+", text)]
    return [p for p in parts if p and len(p.split()) <= 4]


def _text(tokens: list[Token]) -> str:
    return "".join(t.text_with_ws for t in sorted(tokens, key=lambda t: t.i)).strip(" \n,;:-.")


def _iso3(entity: EntityRef | None) -> str | None:
    return entity.key if entity is not None and entity.kind == "country" else None


def _merge(facts: list[_Fact]) -> list[_Fact]:
    """One fact per direction and sentence ("second partner and second origin of imports");
    a fact with no direction only when the sentence has no directed one."""
    directed: dict[tuple, _Fact] = {}
    for fact in facts:
        if not fact.directed:
            continue
        key = (fact.seller, fact.buyer)
        if key not in directed:
            directed[key] = fact
            continue
        kept = directed[key]
        kept.products = list(dict.fromkeys(kept.products + fact.products))
        kept.rank = min((r for r in (kept.rank, fact.rank) if r), default=None)
    if directed:
        return list(directed.values())
    undirected = [f for f in facts if not f.directed]
    return undirected[:1]
