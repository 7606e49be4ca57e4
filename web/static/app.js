// Diplograph SPARQL query page. Vanilla JS, no external requests.
// Results come from untrusted articles: every piece of data reaches the DOM through
// createElement + textContent, never through HTML parsing.
'use strict';

const ENDPOINT = '/sparql';
const RUN_ACCEPT = 'application/sparql-results+json, text/turtle;q=0.9';
const ROW_LIMIT_HEADER = 'X-Diplograph-Row-Limit';

// Download formats per query kind; the kind is known only after the first successful answer.
const FORMATS = {
  results: [
    { label: 'JSON', type: 'application/sparql-results+json', ext: 'json' },
    { label: 'XML', type: 'application/sparql-results+xml', ext: 'xml' },
    { label: 'CSV', type: 'text/csv', ext: 'csv' },
    { label: 'TSV', type: 'text/tab-separated-values', ext: 'tsv' },
  ],
  graph: [
    { label: 'Turtle', type: 'text/turtle', ext: 'ttl' },
    { label: 'N-Triples', type: 'application/n-triples', ext: 'nt' },
    { label: 'N-Quads', type: 'application/n-quads', ext: 'nq' },
    { label: 'TriG', type: 'application/trig', ext: 'trig' },
    { label: 'JSON-LD', type: 'application/ld+json', ext: 'jsonld' },
    { label: 'RDF/XML', type: 'application/rdf+xml', ext: 'rdf' },
  ],
};

// Prefixes used to shorten IRIs for display; the query's own PREFIX lines are added per run.
const WELL_KNOWN_PREFIXES = {
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  rdfs: 'http://www.w3.org/2000/01/rdf-schema#',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
  owl: 'http://www.w3.org/2002/07/owl#',
  skos: 'http://www.w3.org/2004/02/skos/core#',
  dcterms: 'http://purl.org/dc/terms/',
  prov: 'http://www.w3.org/ns/prov#',
  org: 'http://www.w3.org/ns/org#',
  sem: 'http://semanticweb.cs.vu.nl/2009/11/sem/',
  schema: 'https://schema.org/',
  nif: 'http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#',
  itsrdf: 'http://www.w3.org/2005/11/its/rdf#',
  wd: 'http://www.wikidata.org/entity/',
  dg: 'https://w3id.org/diplograph/ontology#',
  // Diplograph's own namespaces (graph/vocab.py): resources, area and PLOVER schemes.
  id: 'https://w3id.org/diplograph/id/',
  area: 'https://w3id.org/diplograph/area/',
  plover: 'https://w3id.org/diplograph/plover/',
};
const XSD_STRING = WELL_KNOWN_PREFIXES.xsd + 'string';

const els = {};
const state = { query: '', kind: null, prefixes: {}, controller: null, tabMovesFocus: false };

document.addEventListener('DOMContentLoaded', init);

function init() {
  for (const id of ['examples', 'query', 'run', 'error', 'status', 'limit', 'downloads', 'output']) {
    els[id] = document.getElementById(id);
  }
  els.run.addEventListener('click', runQuery);
  els.query.addEventListener('keydown', onEditorKey);
  els.examples.addEventListener('change', onExampleChosen);
  // Once edited, the text is no longer the example the list names.
  els.query.addEventListener('input', () => { els.examples.value = ''; });
  window.addEventListener('hashchange', loadQueryFromHash);
  loadQueryFromHash();
  loadExamples();
}

// ---- editor ----------------------------------------------------------------------------

function onEditorKey(event) {
  if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
    event.preventDefault();
    runQuery();
    return;
  }
  // Tab indents, but Esc then Tab leaves the editor so keyboard users are never trapped.
  if (event.key === 'Escape') {
    state.tabMovesFocus = true;
    return;
  }
  if (event.key === 'Tab' && !state.tabMovesFocus && !event.shiftKey) {
    event.preventDefault();
    const { selectionStart, selectionEnd } = els.query;
    els.query.setRangeText('  ', selectionStart, selectionEnd, 'end');
  }
  state.tabMovesFocus = false;
}

// The query lives in the URL hash (#query=…) so a link reproduces it.
function loadQueryFromHash() {
  const query = new URLSearchParams(location.hash.slice(1)).get('query');
  if (query !== null) els.query.value = query;
}

function saveQueryToHash(query) {
  history.replaceState(null, '', '#' + new URLSearchParams({ query }).toString());
}

// ---- examples --------------------------------------------------------------------------

async function loadExamples() {
  let examples;
  try {
    const response = await fetch('/examples', { headers: { Accept: 'application/json' } });
    if (!response.ok) throw new Error('HTTP ' + response.status);
    examples = await response.json();
  } catch (err) {
    els.examples.options[0].textContent = 'Examples unavailable';
    return;
  }
  els.examples.options[0].textContent = 'Choose an example…';
  state.examples = new Map();
  for (const example of examples) {
    state.examples.set(example.name, example);
    const option = document.createElement('option');
    option.value = example.name;
    option.textContent = example.name + ' — ' + example.title;
    option.title = example.title;
    els.examples.append(option);
  }
  // A first-time visitor gets something runnable; a shared link keeps its own query.
  if (!els.query.value.trim() && examples.length) {
    els.examples.value = examples[0].name;
    els.query.value = examples[0].query;
  }
}

function onExampleChosen() {
  const example = state.examples && state.examples.get(els.examples.value);
  if (!example) return;
  els.query.value = example.query;
  // Start at the top: the caret would otherwise sit (and scroll) at the end.
  els.query.setSelectionRange(0, 0);
  els.query.scrollTop = 0;
  els.query.focus();
}

// ---- running ---------------------------------------------------------------------------

function postQuery(query, accept, signal) {
  return fetch(ENDPOINT, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: accept },
    body: new URLSearchParams({ query }),
    signal,
  });
}

async function runQuery() {
  const query = els.query.value;
  if (!query.trim()) return;
  // A newer run supersedes an older one still in flight.
  if (state.controller) state.controller.abort();
  const controller = new AbortController();
  state.controller = controller;
  saveQueryToHash(query);
  clearResults();
  setBusy(true);
  const started = performance.now();
  try {
    const response = await postQuery(query, RUN_ACCEPT, controller.signal);
    if (!response.ok) {
      showError('Query failed (HTTP ' + response.status + ')', await errorMessage(response));
      return;
    }
    const type = mediaType(response);
    const limit = response.headers.get(ROW_LIMIT_HEADER);
    const payload = type === 'application/sparql-results+json'
      ? await response.json() : await response.text();
    const elapsed = Math.round(performance.now() - started);
    state.query = query;
    state.prefixes = Object.assign({}, WELL_KNOWN_PREFIXES, queryPrefixes(query));
    state.kind = type === 'application/sparql-results+json' ? 'results' : 'graph';
    if (state.kind === 'results') renderResults(payload, elapsed);
    else renderGraph(payload, type, elapsed);
    if (limit) showLimit(limit);
    renderDownloads();
  } catch (err) {
    if (err.name !== 'AbortError') showError('Could not run the query', err.message);
  } finally {
    if (state.controller === controller) {
      state.controller = null;
      setBusy(false);
    }
  }
}

function mediaType(response) {
  return (response.headers.get('Content-Type') || '').split(';')[0].trim().toLowerCase();
}

// Errors arrive as plain text or as FastAPI-style JSON {"detail": …}.
async function errorMessage(response) {
  const text = await response.text();
  if (mediaType(response) === 'application/json') {
    try {
      const detail = JSON.parse(text).detail;
      if (detail !== undefined) return typeof detail === 'string' ? detail : JSON.stringify(detail, null, 2);
    } catch (err) { /* not JSON after all: show the raw text */ }
  }
  return text.trim() || response.statusText || 'No message from the server.';
}

function queryPrefixes(query) {
  const found = {};
  for (const match of query.matchAll(/PREFIX\s+([\w.-]*):\s*<([^>\s]*)>/gi)) {
    found[match[1]] = match[2];
  }
  return found;
}

// ---- rendering -------------------------------------------------------------------------

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function clearResults() {
  els.error.hidden = true;
  els.error.replaceChildren();
  els.limit.hidden = true;
  els.downloads.hidden = true;
  els.downloads.replaceChildren();
  els.output.replaceChildren();
  els.status.textContent = '';
}

function setBusy(busy) {
  els.run.disabled = busy;
  els.run.textContent = busy ? 'Running…' : 'Run query';
  els.output.setAttribute('aria-busy', String(busy));
  if (busy) els.status.textContent = 'Running…';
}

function showError(title, message) {
  els.status.textContent = '';
  els.error.replaceChildren(el('strong', null, title), el('pre', null, message));
  els.error.hidden = false;
}

function showLimit(limit) {
  els.limit.textContent = 'Showing the first ' + limit + ' rows (row limit).';
  els.limit.hidden = false;
}

function plural(n, word) {
  return n + ' ' + word + (n === 1 ? '' : 's');
}

function renderResults(data, elapsed) {
  if (typeof data.boolean === 'boolean') {
    els.output.append(el('p', 'boolean', String(data.boolean)));
    els.status.textContent = 'ASK answered ' + data.boolean + ' · ' + elapsed + ' ms';
    return;
  }
  const vars = (data.head && data.head.vars) || [];
  const bindings = (data.results && data.results.bindings) || [];
  const table = el('table', 'results-table');
  const headRow = el('tr');
  for (const name of vars) {
    const th = el('th', null, '?' + name);
    th.scope = 'col';
    headRow.append(th);
  }
  table.append(el('thead'), el('tbody'));
  table.tHead.append(headRow);
  for (const binding of bindings) {
    const row = el('tr');
    for (const name of vars) {
      const cell = el('td');
      if (binding[name]) cell.append(renderTerm(binding[name]));
      row.append(cell);
    }
    table.tBodies[0].append(row);
  }
  const wrapper = el('div', 'table-wrap');
  wrapper.tabIndex = 0; // scrollable region must be keyboard-reachable
  wrapper.setAttribute('aria-label', 'Query results');
  wrapper.append(table);
  els.output.append(wrapper);
  els.status.textContent = plural(bindings.length, 'row') + ' · ' + elapsed + ' ms';
}

function renderGraph(text, type, elapsed) {
  const pre = el('pre', 'graph', text);
  pre.tabIndex = 0;
  pre.setAttribute('aria-label', 'Graph result (' + type + ')');
  els.output.append(pre);
  const lines = text.split('\n').filter((line) => line.trim()).length;
  els.status.textContent = 'Graph result (' + type + ', ' + plural(lines, 'line') + ') · '
    + elapsed + ' ms';
}

// One RDF term of SPARQL JSON results as a DOM node.
function renderTerm(term) {
  if (term.type === 'uri') return renderIri(term.value, 'iri');
  if (term.type === 'bnode') return el('span', 'bnode', '_:' + term.value);
  if (term.type === 'triple') {
    const { subject, predicate, object } = term.value;
    const span = el('span', 'triple', '<< ');
    span.append(renderTerm(subject), ' ', renderTerm(predicate), ' ', renderTerm(object), ' >>');
    return span;
  }
  const span = el('span', 'literal', term.value);
  const lang = term['xml:lang'];
  if (lang) {
    span.append(el('span', 'muted', '@' + lang));
  } else if (term.datatype && term.datatype !== XSD_STRING) {
    const datatype = renderIri(term.datatype, 'muted');
    datatype.textContent = '^^' + datatype.textContent;
    span.append(datatype);
  }
  return span;
}

function renderIri(iri, className) {
  const span = el('span', className, shorten(iri));
  span.title = iri;
  return span;
}

function shorten(iri) {
  let best = null;
  for (const [prefix, namespace] of Object.entries(state.prefixes)) {
    if (namespace && iri.startsWith(namespace) && (!best || namespace.length > best[1].length)) {
      best = [prefix, namespace];
    }
  }
  if (!best) return iri;
  const local = iri.slice(best[1].length);
  // Display only (the title has the full IRI), so a path-like remainder is fine; anything
  // stranger (#, ?, spaces) keeps the full IRI to stay unambiguous.
  return /^[\w./-]*$/.test(local) ? best[0] + ':' + local : iri;
}

// ---- downloads -------------------------------------------------------------------------

function renderDownloads() {
  els.downloads.replaceChildren(el('span', 'downloads-label', 'Download:'));
  for (const format of FORMATS[state.kind]) {
    const button = el('button', null, format.label);
    button.type = 'button';
    button.title = 'Download as ' + format.type;
    button.addEventListener('click', () => download(format, button));
    els.downloads.append(button);
  }
  els.downloads.hidden = false;
}

// Re-run the last successful query with the format's Accept header and save the answer.
async function download(format, button) {
  button.disabled = true;
  try {
    const response = await postQuery(state.query, format.type);
    if (!response.ok) {
      showError('Download failed (HTTP ' + response.status + ')', await errorMessage(response));
      return;
    }
    const url = URL.createObjectURL(await response.blob());
    const link = el('a');
    link.href = url;
    link.download = 'results.' + format.ext;
    document.body.append(link);
    link.click();
    link.remove();
    // Revoking at once can cancel the download in some browsers.
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  } catch (err) {
    showError('Download failed', err.message);
  } finally {
    button.disabled = false;
  }
}
