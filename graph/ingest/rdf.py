"""An extraction as RDF: one named graph per article, every fact tied to its evidence.

Each fact node (relation, post, area mention, event, position, trade fact) carries
`dg:evidence` (the NIF sentence, with its character offsets in the article's text),
`prov:wasDerivedFrom` (the article) and `prov:wasGeneratedBy` (the extraction run).

What an article says is kept apart from what follows from a shared thing's IRI alone (a
country's name and codes, a person's name, a post's role, a relation's parties): the latter goes
to the shared entity graph, so that it is stored once however many articles mention the thing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import FOAF, OWL, PROV, RDF, RDFS, XSD

from .. import __version__
from ..vocab import (
    AREA,
    DG,
    ID,
    ITSRDF,
    NIF,
    ORG,
    PLOVER,
    SCHEMA,
    WD,
    country_iri,
    organization_iri,
    person_iri,
    relation_iri,
    role_iri,
    slug,
)  # fmt: skip
from .gazetteer import countries, organization_by_alias
from .mentions import country_inside, organization_kind
from .model import EntityRef, Event, Extraction, OrganizationInfo
from .relations import party

ORG_CLASSES = {
    "government": DG.GovernmentBody,
    "company": DG.Company,
    "media": DG.MediaOutlet,
    "party": DG.PoliticalParty,
    "international": DG.InternationalOrganization,
    "initiative": DG.Initiative,
}
STATUSES = {
    "asserted": DG.Asserted,
    "negated": DG.Negated,
    "future": DG.Future,
    "hypothetical": DG.Hypothetical,
    "historical": DG.Historical,
}
STANCES = {"support": DG.Support, "oppose": DG.Oppose}


def article_iri(extraction: Extraction) -> URIRef:
    return ID[f"article/{extraction.article.key}"]


@dataclass
class ArticleGraph:
    """An article's own named graph, and the descriptions of the shared things it mentions."""

    name: URIRef
    facts: Graph
    entities: Graph


class GraphBuilder:
    """Writes one article's extraction into an rdflib graph."""

    def __init__(self, extraction: Extraction, started: datetime, ended: datetime) -> None:
        self.ex = extraction
        self.g = Graph()
        self.shared = Graph()
        self.article = article_iri(extraction)
        self.run = URIRef(f"{self.article}/run")
        self.context = URIRef(f"{self.article}#text")
        self._started, self._ended = started, ended

    def build(self) -> ArticleGraph:
        self._article()
        self._run()
        self._mentions()
        self._organizations()
        self._posts()
        self._relations()
        self._events()
        self._positions()
        self._trade()
        return ArticleGraph(self.article, self.g, self.shared)

    # -- provenance ---------------------------------------------------------------------------
    def _fact(self, node: URIRef, cls: URIRef, sentence: int) -> None:
        """A node of this article's own (event, position, …) with its evidence."""
        self.g.add((node, RDF.type, cls))
        self._evidence(node, sentence)

    def _shared_fact(self, node: URIRef, cls: URIRef, sentence: int) -> None:
        """A shared node (post, relation): its class is shared, its evidence is this article's."""
        self.shared.add((node, RDF.type, cls))
        self._evidence(node, sentence)

    def _evidence(self, node: URIRef, sentence: int) -> None:
        self.g.add((node, DG.evidence, self._sentence(sentence)))
        self.g.add((node, PROV.wasDerivedFrom, self.article))
        self.g.add((node, PROV.wasGeneratedBy, self.run))

    def _sentence(self, number: int) -> URIRef:
        sentence = self.ex.sentences[number]
        node = URIRef(f"{self.article}#char={sentence.start},{sentence.end}")
        if (node, RDF.type, NIF.Sentence) not in self.g:
            self.g.add((node, RDF.type, NIF.Sentence))
            self.g.add((node, NIF.anchorOf, Literal(sentence.text)))
            self._offsets(node, sentence.start, sentence.end)
        return node

    def _offsets(self, node: URIRef, start: int, end: int) -> None:
        self.g.add((node, NIF.beginIndex, Literal(start, datatype=XSD.integer)))
        self.g.add((node, NIF.endIndex, Literal(end, datatype=XSD.integer)))
        self.g.add((node, NIF.referenceContext, self.context))

    def _article(self) -> None:
        a = self.ex.article
        g = self.g
        g.add((self.article, RDF.type, DG.Article))
        g.add((self.article, DG.text, self.context))
        g.add((self.context, RDF.type, NIF.Context))
        g.add((self.context, NIF.isString, Literal(a.text)))
        g.add((self.context, NIF.beginIndex, Literal(0, datatype=XSD.integer)))
        g.add((self.context, NIF.endIndex, Literal(len(a.text), datatype=XSD.integer)))
        if a.title:
            g.add((self.article, SCHEMA.headline, Literal(a.title)))
            g.add((self.article, RDFS.label, Literal(a.title)))
        if a.source:
            g.add((self.article, SCHEMA.url, URIRef(a.source)))
        if a.published:
            g.add((self.article, SCHEMA.datePublished, a.published.literal()))
        if a.dateline:
            g.add((self.article, DG.dateline, Literal(a.dateline)))
        if a.author:
            g.add((self.article, SCHEMA.author, Literal(a.author)))
        if a.publisher:
            publisher = self._organization(_publisher_info(a.publisher))
            g.add((self.article, SCHEMA.publisher, publisher))
            g.add((self.article, PROV.wasAttributedTo, publisher))
        aliases = organization_by_alias()
        for code in a.agencies:
            if code in aliases:
                node = self._organization(aliases[code].info())
                g.add((self.article, SCHEMA.sourceOrganization, node))

    def _run(self) -> None:
        g = self.g
        extractor = ID[f"software/diplograph/{__version__}"]
        g.add((self.run, RDF.type, DG.ExtractionRun))
        g.add((self.run, PROV.used, self.article))
        g.add((self.run, PROV.wasAssociatedWith, extractor))
        g.add(
            (
                self.run,
                PROV.startedAtTime,
                Literal(self._started.isoformat(), datatype=XSD.dateTime),
            )
        )
        g.add((self.run, PROV.endedAtTime, Literal(self._ended.isoformat(), datatype=XSD.dateTime)))
        g.add((self.run, DG.pipeline, Literal(self.ex.pipeline)))
        self.shared.add((extractor, RDF.type, DG.Extractor))
        self.shared.add((extractor, RDFS.label, Literal(f"Diplograph {__version__}")))
        self.shared.add((extractor, SCHEMA.softwareVersion, Literal(__version__)))

    # -- actors ---------------------------------------------------------------------------------
    def _entity(self, entity: EntityRef) -> URIRef:
        if entity.kind == "country":
            return self._country(entity.key)
        if entity.kind == "person":
            node = person_iri(entity.key)
            self.shared.add((node, RDF.type, DG.Person))
            self.shared.add((node, RDFS.label, Literal(entity.key)))
            self.shared.add((node, FOAF.name, Literal(entity.key)))
            return node
        return self._organization(self.ex.organizations[entity.key])

    def _country(self, iso3: str) -> URIRef:
        node = country_iri(iso3)
        if (node, RDF.type, DG.Country) not in self.shared:
            country = countries()[iso3]
            self.shared.add((node, RDF.type, DG.Country))
            self.shared.add((node, RDFS.label, Literal(country.name, lang="en")))
            self.shared.add((node, DG.iso3, Literal(iso3)))
            self.shared.add((node, DG.iso2, Literal(country.iso2)))
            if country.qid:
                self.shared.add((node, OWL.sameAs, WD[country.qid]))
        return node

    def _organization(self, info: OrganizationInfo) -> URIRef:
        node = organization_iri(info.name)
        if (node, RDFS.label, None) not in self.shared:
            self.shared.add((node, RDF.type, ORG_CLASSES.get(info.kind, DG.Organization)))
            self.shared.add((node, RDFS.label, Literal(info.name)))
            if info.country:
                self.shared.add((node, DG.basedIn, self._country(info.country)))
            if info.qid:
                self.shared.add((node, OWL.sameAs, WD[info.qid]))
            if info.short_name:
                self.shared.add((node, SCHEMA.alternateName, Literal(info.short_name)))
        return node

    def _mentions(self) -> None:
        doc = self.ex.sentences[0].span.doc if self.ex.sentences else None
        for mention in self.ex.mentions:
            span = doc[mention.start : mention.end]
            node = URIRef(f"{self.article}#mention={span.start_char},{span.end_char}")
            self.g.add((node, RDF.type, NIF.Phrase))
            self.g.add((node, NIF.anchorOf, Literal(span.text)))
            self._offsets(node, span.start_char, span.end_char)
            self.g.add((node, NIF.sentence, self._sentence(mention.sentence)))
            self.g.add((node, ITSRDF.taIdentRef, self._entity(mention.entity)))
            if mention.venue:
                self.g.add((node, DG.venue, Literal(True)))

    def _organizations(self) -> None:
        for info in self.ex.organizations.values():
            self._organization(info)

    def _posts(self) -> None:
        merged: dict[tuple, list] = {}
        for post in self.ex.posts:
            merged.setdefault((post.person, post.role, post.representing), []).append(post)
        for (person, role, representing), posts in merged.items():
            accredited = next((p.accredited_to for p in posts if p.accredited_to), None)
            where = "-".join(
                x
                for x in (representing and slug(representing.key), accredited and slug(accredited))
                if x
            )
            node = ID[
                f"post/{slug(role)}-{where}" if where else f"post/{slug(role)}-{slug(person)}"
            ]
            for post in posts:
                self._shared_fact(node, DG.Post, post.sentence)
            label = _post_label(role, representing, accredited)
            self.shared.add((node, RDFS.label, Literal(label)))
            self.shared.add((node, ORG.role, self._role(role)))
            if representing:
                self.shared.add((node, DG.representing, self._entity(representing)))
            if accredited:
                self.shared.add((node, DG.accreditedTo, self._country(accredited)))
            self.g.add((self._entity(EntityRef("person", person)), ORG.holds, node))

    def _role(self, role: str) -> URIRef:
        node = role_iri(role)
        self.shared.add((node, RDF.type, DG.Role))
        self.shared.add((node, RDFS.label, Literal(role, lang="en")))
        return node

    # -- facts ----------------------------------------------------------------------------------
    def _relations(self) -> None:
        for relation in self.ex.relations.values():
            node = relation_iri(*relation.parties)
            for number in relation.sentences or [0]:
                self._shared_fact(node, DG.BilateralRelation, number)
            parties = [party(key) for key in relation.parties]
            names = [countries()[p.key].name if p.kind == "country" else p.key for p in parties]
            label = Literal(f"{names[0]}–{names[1]} relations", lang="en")
            self.shared.add((node, RDFS.label, label))
            for entity in parties:
                self.shared.add((node, DG.party, self._entity(entity)))
            if relation.established:
                self.g.add((node, DG.established, relation.established.literal()))
                self.g.add((node, DG.evidence, self._sentence(relation.established_sentence)))
            for qualifier, number in relation.qualifiers.items():
                self.g.add((node, DG.qualifier, Literal(qualifier)))
                self.g.add((node, DG.evidence, self._sentence(number)))
        for area in self.ex.areas:
            node = URIRef(f"{self.article}/area/{area.area}-{area.sentence}")
            self._fact(node, DG.AreaMention, area.sentence)
            relation = relation_iri(*area.parties)
            self.g.add((node, DG.aboutRelation, relation))
            self.g.add((node, DG.area, AREA[area.area]))
            self.g.add((node, DG.trigger, Literal(area.trigger)))
            self.g.add((relation, DG.cooperationArea, AREA[area.area]))

    def _events(self) -> None:
        for number, event in enumerate(self.ex.events, start=1):
            node = URIRef(f"{self.article}/event/{number}")
            self._fact(node, DG.Event, event.sentence)
            self.g.add((node, DG.eventType, PLOVER[event.type]))
            self.g.add((node, DG.status, STATUSES[event.status]))
            self.g.add((node, DG.trigger, Literal(event.trigger)))
            self.g.add((node, DG.cameoRoot, Literal(event.cameo)))
            self.g.add((node, RDFS.label, Literal(_event_label(event))))
            if event.context:
                self.g.add((node, DG.context, Literal(event.context)))
            if event.mode:
                self.g.add((node, DG.mode, Literal(event.mode)))
            if event.date:
                self.g.add((node, DG.date, event.date.literal()))
            for participant in event.participants:
                self.g.add((node, DG.participant, self._entity(participant)))
            if event.actor:
                self.g.add((node, DG.actor, self._entity(event.actor)))
            if event.recipient:
                self.g.add((node, DG.recipient, self._entity(event.recipient)))
            if event.parties:
                self.g.add((node, DG.aboutRelation, relation_iri(*event.parties)))

    def _positions(self) -> None:
        for number, position in enumerate(self.ex.positions, start=1):
            node = URIRef(f"{self.article}/position/{number}")
            self._fact(node, DG.Position, position.sentence)
            self.g.add((node, DG.holder, self._entity(position.holder)))
            self.g.add((node, DG.stance, STANCES[position.stance]))
            self.g.add((node, DG.target, Literal(position.target)))
            for actor in position.target_actors:
                self.g.add((node, DG.targetActor, self._entity(actor)))

    def _trade(self) -> None:
        for number, flow in enumerate(self.ex.trade, start=1):
            node = URIRef(f"{self.article}/trade/{number}")
            self._fact(
                node,
                DG.TradeFlow if flow.exporter and flow.importer else DG.TradeFact,
                flow.sentence,
            )
            self.g.add((node, DG.statement, Literal(flow.statement)))
            if flow.exporter:
                self.g.add((node, DG.exporter, self._country(flow.exporter)))
            if flow.importer:
                self.g.add((node, DG.importer, self._country(flow.importer)))
            for product in flow.products:
                self.g.add((node, DG.product, Literal(product)))
            if flow.rank:
                self.g.add((node, DG.rank, Literal(flow.rank, datatype=XSD.integer)))


def _publisher_info(name: str) -> OrganizationInfo:
    known = organization_by_alias().get(name)
    if known:
        return known.info()
    return OrganizationInfo(name, organization_kind(name) or "media", country_inside(name))


def _post_label(role: str, representing: EntityRef | None, accredited: str | None) -> str:
    label = role.title()
    if representing and representing.kind == "country":
        label += f" of {countries()[representing.key].name}"
    elif representing:
        label += f" of {representing.key}"
    if accredited:
        label += f" to {countries()[accredited].name}"
    return label


def _event_label(event: Event) -> str:
    if event.actor and event.recipient:
        return f"{event.type}: {event.actor.key} → {event.recipient.key}"
    keys = ", ".join(p.key for p in event.participants)
    return f"{event.type}: {keys}"
