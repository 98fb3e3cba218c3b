// The dossier-serve page. Every piece of data reaches the page as a text node
// (textContent, never innerHTML), so an article cannot inject markup.
'use strict';

const KINDS = [['person', 'People'], ['place', 'Places'], ['organization', 'Organizations']];
// Every kind of filter, named as the API's parameter: the entity kinds, the
// outlet (source) and fields of the index's own (field=NAME=VALUE).
const GROUPS = [...KINDS.map(([kind]) => kind), 'source', 'field'];
const DEFAULT_PAGE_SIZE = 10;

// What is shown; mirrored in the address (?query=...&person=...&limit=20&article=ID),
// so a page can be reloaded, bookmarked and navigated with Back.
const state = {
  query: '', filters: Object.fromEntries(GROUPS.map((group) => [group, []])),
  from: '', to: '', sort: 'relevance', offset: 0, limit: DEFAULT_PAGE_SIZE, article: '',
};
// Display names of filter keys met in facets, suggestions and articles.
const names = new Map();
let searchSequence = 0;

const $ = (id) => document.getElementById(id);

// An element with properties, data-* attributes and children (text or nodes).
function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (name.startsWith('data-') || name.startsWith('aria-')) node.setAttribute(name, value);
    else node[name] = value;
  }
  node.append(...children.map((child) => (child instanceof Node ? child : String(child))));
  return node;
}

function nameOf(kind, key) { return names.get(kind + '\u0000' + key) || key; }

function stateParams({ withArticle = false } = {}) {
  const params = new URLSearchParams();
  if (state.query) params.set('query', state.query);
  for (const group of GROUPS) for (const key of state.filters[group]) params.append(group, key);
  if (state.from) params.set('from', state.from);
  if (state.to) params.set('to', state.to);
  if (state.sort !== 'relevance') params.set('sort', state.sort);
  if (state.offset > 0) params.set('offset', String(state.offset));
  if (state.limit !== DEFAULT_PAGE_SIZE) params.set('limit', String(state.limit));
  if (withArticle && state.article) params.set('article', state.article);
  return params;
}

function readAddress() {
  const params = new URLSearchParams(location.search);
  state.query = params.get('query') || '';
  for (const group of GROUPS) state.filters[group] = params.getAll(group);
  state.from = params.get('from') || '';
  state.to = params.get('to') || '';
  state.sort = params.get('sort') || 'relevance';
  state.offset = Math.max(0, parseInt(params.get('offset') || '0', 10) || 0);
  state.limit = Math.min(100, Math.max(1, parseInt(params.get('limit') || '', 10) || DEFAULT_PAGE_SIZE));
  state.article = params.get('article') || '';
  $('query').value = state.query;
  $('sort').value = state.sort;
  $('from').value = state.from;
  $('to').value = state.to;
}

function writeAddress() {
  const search = stateParams({ withArticle: true }).toString();
  history.pushState(null, '', search ? '?' + search : location.pathname);
}

class ApiError extends Error {
  constructor(body, status) {
    const error = (body && body.error) || {};
    super(error.message || 'HTTP ' + status);
    this.position = error.position;
    this.parameter = error.parameter;
  }
}

async function api(path, params) {
  const response = await fetch(path + '?' + params.toString());
  const body = await response.json().catch(() => null);
  if (!response.ok) throw new ApiError(body, response.status);
  return body;
}

// Shows an error; a query syntax error also shows the query with a caret under
// the problem (the API gives a byte offset; the input holds UTF-16 text).
function showError(error) {
  const box = $('error');
  box.replaceChildren();
  box.hidden = !error;
  if (!error) return;
  box.append(el('span', {}, error.message));
  if (error.parameter === 'query' && Number.isInteger(error.position)) {
    const bytes = new TextEncoder().encode(state.query);
    const before = new TextDecoder().decode(bytes.slice(0, error.position));
    box.append(el('code', {}, state.query), el('code', {}, ' '.repeat(before.length) + '^'));
  }
}

function setFilter(kind, key, on) {
  const list = state.filters[kind];
  const at = list.indexOf(key);
  if (on && at < 0) list.push(key);
  if (!on && at >= 0) list.splice(at, 1);
  state.offset = 0;
  state.article = '';
  writeAddress();
  show();
}

// What a chip says of a filter: its kind ("category" for a field) and value.
function filterLabel(group, key) {
  if (group === 'field') {
    const equals = key.indexOf('=');
    return [key.slice(0, equals), key.slice(equals + 1)];
  }
  return [group === 'source' ? 'outlet' : group, nameOf(group, key)];
}

function renderFilters() {
  const chips = [];
  for (const group of GROUPS) {
    for (const key of state.filters[group]) {
      const [kind, name] = filterLabel(group, key);
      const remove = el('button', { type: 'button', className: 'remove', title: 'Remove this filter',
        'aria-label': 'Remove ' + name }, '\u00d7');
      remove.addEventListener('click', () => setFilter(group, key, false));
      chips.push(el('span', { className: 'chip ' + group, 'data-kind': group, 'data-key': key },
        el('span', { className: 'kind' }, kind), name, remove));
    }
  }
  $('filters').replaceChildren(...chips);
}

function snippetNode(snippet) {
  const node = el('p', { className: 'snippet' });
  for (const part of snippet.parts) node.append(part.match ? el('mark', {}, part.text) : part.text);
  return node;
}

function renderHits(results) {
  const count = results.total === 1 ? '1 article' : results.total + ' articles';
  const summary = $('summary');
  summary.dataset.total = String(results.total);
  summary.replaceChildren((results.exact ? '' : 'about ') + count +
    (results.relaxed ? ' (none has every word; showing those with any of them)' : ''));
  if (results.corrected_query) {
    const corrected = results.corrected_query;
    const link = el('a', { href: '?' + new URLSearchParams({ query: corrected }).toString(),
      className: 'corrected' }, corrected);
    link.addEventListener('click', (event) => {
      event.preventDefault();
      $('query').value = corrected;
      $('search').requestSubmit();
    });
    summary.append(' \u2014 Did you mean ', link, '?');
  }
  $('hits').replaceChildren(...results.hits.map((hit) => {
    const link = el('a', { href: '?article=' + encodeURIComponent(hit.id), className: 'title' },
      hit.title || hit.id);
    link.addEventListener('click', (event) => { event.preventDefault(); openArticle(hit.id); });
    return el('li', { className: 'hit', 'data-id': hit.id, value: hit.rank + 1 },
      link, el('span', { className: 'date' }, hit.published ?? ''), snippetNode(hit.snippet));
  }));
  $('hits').start = results.offset + 1;
}

function renderPaging(results) {
  const pages = Math.ceil(results.total / state.limit);
  const page = Math.floor(state.offset / state.limit) + 1;
  const nav = $('paging');
  nav.replaceChildren();
  if (pages <= 1) return;
  const go = (offset) => { state.offset = offset; writeAddress(); show(); };
  const previous = el('button', { type: 'button', id: 'previous', disabled: page <= 1 }, '\u2190 Previous');
  const next = el('button', { type: 'button', id: 'next', disabled: page >= pages }, 'Next \u2192');
  previous.addEventListener('click', () => go(Math.max(0, state.offset - state.limit)));
  next.addEventListener('click', () => go(state.offset + state.limit));
  nav.append(previous, el('span', { id: 'page' }, 'Page ' + page + ' of ' + pages), next);
}

// One group of facet values ({key, name, count}), each a button that turns its
// filter on or off.
function facetSection(group, label, distinct, values) {
  const items = values.map((value) => {
    const active = state.filters[group].includes(value.key);
    const button = el('button', { type: 'button', className: 'facet' + (active ? ' active' : ''),
      'data-kind': group, 'data-key': value.key, 'data-count': value.count,
      'aria-pressed': String(active) },
    el('span', { className: 'name' }, value.name), el('span', { className: 'count' }, value.count));
    button.addEventListener('click', () => setFilter(group, value.key, !active));
    return el('li', {}, button);
  });
  return el('section', { className: 'facet-group', 'data-kind': group },
    el('h2', {}, label, el('small', {}, ' ' + distinct + ' in all')), el('ul', {}, ...items));
}

// Matching articles per period, as bars (the longest is the busiest period).
function timelineSection(timeline) {
  const most = Math.max(1, ...timeline.buckets.map((bucket) => bucket.count));
  const bars = timeline.buckets.map((bucket) => {
    const bar = el('span', { className: 'bar' });
    bar.style.width = Math.round(100 * bucket.count / most) + '%';  // CSSOM: allowed by the CSP
    return el('li', { title: bucket.start + ': ' + bucket.count },
      el('span', { className: 'period' }, bucket.start), bar, el('span', { className: 'count' }, bucket.count));
  });
  if (timeline.undated > 0) bars.push(el('li', {}, el('span', { className: 'period' }, 'no date'),
    el('span', { className: 'count' }, timeline.undated)));
  return el('section', { className: 'facet-group timeline', 'data-kind': 'timeline' },
    el('h2', {}, 'By ' + timeline.bucket), el('ul', {}, ...bars));
}

function renderFacets(results) {
  const sections = [];
  for (const [kind, label] of KINDS) {
    const facet = results.facets[kind];
    if (!facet || facet.top.length === 0) continue;
    for (const value of facet.top) names.set(kind + '\u0000' + value.key, value.name);
    sections.push(facetSection(kind, label, facet.distinct, facet.top));
  }
  for (const [field, facet] of Object.entries(results.fields || {})) {
    if (facet.top.length === 0) continue;
    const group = field === 'source' ? 'source' : 'field';
    const values = facet.top.map((value) => ({ key: group === 'source' ? value.value : field + '=' + value.value,
      name: value.value, count: value.count }));
    const label = field === 'source' ? 'Outlets' : field.charAt(0).toUpperCase() + field.slice(1).replace(/_/g, ' ');
    sections.push(facetSection(group, label, facet.distinct, values));
  }
  if (results.timeline && results.timeline.buckets.length > 0) sections.push(timelineSection(results.timeline));
  $('facets').replaceChildren(...sections);
}

async function runSearch() {
  const sequence = ++searchSequence;
  const params = stateParams();
  params.set('limit', String(state.limit));
  try {
    const results = await api('/api/search', params);
    if (sequence !== searchSequence) return;  // a newer search is on its way
    renderFacets(results);
    renderFilters();  // again: the facets may have named a filter's key
    renderHits(results);
    renderPaging(results);
    showError(null);
  } catch (error) {
    if (sequence !== searchSequence) return;
    showError(error);
  }
  document.body.dataset.state = 'ready';
}

function paragraphs(body) {
  const blocks = body.split(/\n\s*\n/);
  return (blocks.length > 1 ? blocks : body.split('\n')).map((text) => text.trim()).filter(Boolean);
}

async function showArticle() {
  const view = $('article');
  try {
    const article = await api('/api/article', new URLSearchParams({ id: state.article }));
    const back = el('a', { href: '?' + stateParams().toString(), className: 'back' }, '\u2190 Back to results');
    back.addEventListener('click', (event) => { event.preventDefault(); closeArticle(); });
    const meta = el('p', { className: 'meta' });
    for (const part of [article.source, article.published]) if (part) meta.append(el('span', {}, part));
    // Only web addresses become links: a javascript: URL in an article is text.
    if (/^https?:\/\//i.test(article.url)) {
      meta.append(el('a', { href: article.url, rel: 'noopener noreferrer', target: '_blank' }, 'original'));
    }
    const entities = el('ul', { className: 'entities' });
    for (const entity of article.entities) {
      names.set(entity.kind + '\u0000' + entity.key, entity.name);
      const button = el('button', { type: 'button', className: 'chip ' + entity.kind,
        'data-kind': entity.kind, 'data-key': entity.key, title: 'Show articles naming ' + entity.name },
      entity.name, el('small', {}, ' \u00d7' + entity.mentions));
      button.addEventListener('click', () => setFilter(entity.kind, entity.key, true));
      entities.append(el('li', {}, button));
    }
    view.replaceChildren(back, el('h2', { id: 'article-title' }, article.title || article.id), meta,
      ...paragraphs(article.body).map((text) => el('p', {}, text)), entities);
    showError(null);
  } catch (error) {
    view.replaceChildren();
    showError(error);
  }
  document.body.dataset.state = 'ready';
}

function openArticle(id) { state.article = id; writeAddress(); show(); }
function closeArticle() { state.article = ''; writeAddress(); show(); }

// Shows what the state says: an article, or the results.
function show() {
  document.body.dataset.state = 'loading';
  const reading = Boolean(state.article);
  $('article').hidden = !reading;
  $('results').hidden = reading;
  $('facets').hidden = reading;
  hideSuggestions();
  renderFilters();
  if (reading) showArticle();
  else runSearch();
}

// Entity suggestions for the word being typed; picking one adds it as a filter.
let suggestTimer = 0;
let suggestSequence = 0;

function currentWord() {
  const input = $('query');
  const before = input.value.slice(0, input.selectionStart ?? input.value.length);
  const match = /[^\s"()+\-:]+$/u.exec(before);
  return match ? { text: match[0], start: match.index, end: before.length } : null;
}

function hideSuggestions() {
  // Also drop a suggestion request still waiting or on its way: it would
  // reopen the list over the results.
  clearTimeout(suggestTimer);
  suggestSequence += 1;
  $('suggestions').hidden = true;
  $('suggestions').replaceChildren();
  $('query').removeAttribute('aria-activedescendant');
}

async function suggest() {
  const word = currentWord();
  const sequence = ++suggestSequence;
  if (!word || word.text.length < 2) { hideSuggestions(); return; }
  try {
    const body = await api('/api/suggest', new URLSearchParams({ prefix: word.text, limit: '8' }));
    if (sequence !== suggestSequence) return;
    const list = $('suggestions');
    list.replaceChildren(...body.suggestions.map((value, index) => {
      names.set(value.kind + '\u0000' + value.key, value.name);
      const item = el('li', { id: 'suggestion-' + index, className: 'suggestion', role: 'option',
        'data-kind': value.kind, 'data-key': value.key },
      el('span', { className: 'name' }, value.name), el('span', { className: 'kind' }, value.kind),
      el('span', { className: 'count' }, value.count));
      item.addEventListener('mousedown', (event) => { event.preventDefault(); pick(item, word); });
      return item;
    }));
    list.hidden = body.suggestions.length === 0;
  } catch (error) {
    hideSuggestions();
  }
}

// Replaces the typed word by a filter on the suggested entity.
function pick(item, word) {
  const input = $('query');
  input.value = (input.value.slice(0, word.start) + input.value.slice(word.end)).replace(/\s+/g, ' ').trim();
  state.query = input.value;
  setFilter(item.dataset.kind, item.dataset.key, true);
}

function moveSelection(step) {
  const items = [...$('suggestions').children];
  if (items.length === 0) return;
  const at = items.findIndex((item) => item.classList.contains('selected'));
  items.forEach((item) => item.classList.remove('selected'));
  const index = at < 0 ? (step > 0 ? 0 : items.length - 1) : (at + step + items.length) % items.length;
  const next = items[index];
  next.classList.add('selected');
  $('query').setAttribute('aria-activedescendant', next.id);
}

function start() {
  const input = $('query');
  input.addEventListener('input', () => { clearTimeout(suggestTimer); suggestTimer = setTimeout(suggest, 120); });
  input.addEventListener('blur', () => setTimeout(hideSuggestions, 100));
  input.addEventListener('keydown', (event) => {
    const list = $('suggestions');
    if (list.hidden) return;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      moveSelection(event.key === 'ArrowDown' ? 1 : -1);
    } else if (event.key === 'Escape') {
      event.preventDefault();  // close the list; a second Escape clears the box
      hideSuggestions();
    } else if (event.key === 'Enter') {
      const selected = list.querySelector('.selected');
      const word = currentWord();
      if (selected && word) { event.preventDefault(); pick(selected, word); }
    }
  });
  $('search').addEventListener('submit', (event) => {
    event.preventDefault();
    state.query = input.value.trim();
    state.sort = $('sort').value;
    state.from = $('from').value;
    state.to = $('to').value;
    state.offset = 0;
    state.article = '';
    writeAddress();
    show();
  });
  for (const id of ['sort', 'from', 'to']) {
    $(id).addEventListener('change', () => $('search').requestSubmit());
  }
  window.addEventListener('popstate', () => { readAddress(); show(); });
  api('/api/info', new URLSearchParams()).then((info) => {
    $('collection').textContent = info.articles + (info.articles === 1 ? ' article' : ' articles');
  }).catch(() => {});
  readAddress();
  show();
}

document.addEventListener('DOMContentLoaded', start);
