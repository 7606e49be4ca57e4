"""What extraction finds in one article, before it becomes RDF."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span

from ..dates import PartialDate
from .reader import Article


@dataclass(frozen=True)
class EntityRef:
    """A real-world actor: kind is country, person or organization; key its code or name."""

    kind: str
    key: str


@dataclass
class Sentence:
    span: Span
    in_title: bool

    @property
    def start(self) -> int:
        return self.span.start_char

    @property
    def end(self) -> int:
        return self.span.start_char + len(self.text)

    @property
    def text(self) -> str:
        """The sentence without the blank lines spaCy keeps after a paragraph's last one."""
        return self.span.text.rstrip()


@dataclass
class Mention:
    """Where the text names an actor (token offsets into the document)."""

    start: int
    end: int
    entity: EntityRef
    sentence: int
    how: str = "name"
    venue: bool = False  # "talks in Geneva": the place where it happens, not the state acting


@dataclass
class OrganizationInfo:
    name: str
    kind: str
    country: str | None = None
    qid: str | None = None
    short_name: str | None = None  # "NATO", "UN Security Council": what the article calls it


@dataclass
class Post:
    person: str
    role: str
    representing: EntityRef | None
    accredited_to: str | None
    sentence: int


@dataclass
class Relation:
    parties: tuple[str, str]
    sentences: list[int] = field(default_factory=list)
    established: PartialDate | None = None
    established_sentence: int | None = None
    qualifiers: dict[str, int] = field(default_factory=dict)


@dataclass
class AreaMention:
    parties: tuple[str, str]
    area: str
    trigger: str
    sentence: int


@dataclass
class Event:
    type: str
    trigger: str
    cameo: str
    token: int
    sentence: int
    participants: list[EntityRef]
    actor: EntityRef | None = None
    recipient: EntityRef | None = None
    date: PartialDate | None = None
    status: str = "asserted"
    context: str | None = None
    mode: str | None = None
    parties: tuple[str, str] | None = None


@dataclass
class Position:
    holder: EntityRef
    stance: str
    target: str
    sentence: int
    target_actors: list[EntityRef] = field(default_factory=list)


@dataclass
class TradeFlow:
    exporter: str | None
    importer: str | None
    statement: str
    sentence: int
    products: list[str] = field(default_factory=list)
    rank: int | None = None


@dataclass
class Extraction:
    article: Article
    pipeline: str
    sentences: list[Sentence] = field(default_factory=list)
    sentence_of: list[int] = field(default_factory=list)  # token index → sentence number
    mentions: list[Mention] = field(default_factory=list)
    persons: dict[str, int] = field(default_factory=dict)
    organizations: dict[str, OrganizationInfo] = field(default_factory=dict)
    posts: list[Post] = field(default_factory=list)
    relations: dict[tuple[str, str], Relation] = field(default_factory=dict)
    areas: list[AreaMention] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    positions: list[Position] = field(default_factory=list)
    trade: list[TradeFlow] = field(default_factory=list)

    @property
    def countries(self) -> list[str]:
        return sorted({m.entity.key for m in self.mentions if m.entity.kind == "country"})

    def mentions_in(self, sentence: int) -> list[Mention]:
        """The actors a sentence names; a capital named as a venue is none."""
        return [m for m in self.mentions if m.sentence == sentence and not m.venue]
