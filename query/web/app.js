// dateline search page. The URL's query string holds the whole state
// (q, filters, from, to, sort, offset), so a search can be shared and the
// browser's back and forward buttons work. Every string from the index is
// inserted with textContent; only hit snippets, which the server builds as
// escaped HTML with <mark>, go through innerHTML.
'use strict';

(() => {
  const PAGE_SIZE = 10;
  const FILTER_FIELDS = ['person', 'org', 'actor', 'place', 'country', 'source', 'lang'];
  const FACETS = [
    ['person', 'People'],
    ['org', 'Organizations'],
    ['country', 'Countries'],
    ['source', 'Sources'],
  ];
  const FIELD_LABELS = {
    person: 'Person', org: 'Organization', actor: 'Person or org', place: 'Place',
    country: 'Country', source: 'Source', lang: 'Language',
  };
  const SUGGEST_DELAY_MS = 150;

  const $ = (id) => document.getElementById(id);
  const el = (tag, props = {}, ...children) => {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(props)) {
      if (k === 'class') e.className = v;
      else if (k === 'text') e.textContent = v;
      else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
      else if (k.startsWith('data-') || k.startsWith('aria-') || k === 'role' || k === 'title' || k === 'type') e.setAttribute(k, v);
      else e[k] = v;
    }
    for (const c of children) if (c != null) e.append(c);
    return e;
  };

  // Labels of facet values seen so far ("IR" -> "Iran"), for chips.
  const labels = new Map();
  const labelOf = (field, value) => labels.get(field + '\u0000' + value) || value;

  // ---- state <-> URL -------------------------------------------------------

  function readState(search) {
    const p = new URLSearchParams(search);
    const filters = [];
    for (const [k, v] of p) if (FILTER_FIELDS.includes(k) && v.trim() !== '') filters.push([k, v]);
    const offset = Math.max(0, parseInt(p.get('offset') || '0', 10) || 0);
    return {
      q: p.get('q') || '',
      filters,
      from: p.get('from') || '',
      to: p.get('to') || '',
      sort: p.get('sort') || 'relevance',
      offset,
    };
  }

  function stateParams(s) {
    const p = new URLSearchParams();
    if (s.q.trim()) p.set('q', s.q.trim());
    for (const [k, v] of s.filters) p.append(k, v);
    if (s.from) p.set('from', s.from);
    if (s.to) p.set('to', s.to);
    if (s.sort && s.sort !== 'relevance') p.set('sort', s.sort);
    if (s.offset > 0) p.set('offset', String(s.offset));
    return p;
  }

  let state = readState(location.search);

  function navigate(next) {
    state = next;
    const qs = stateParams(state).toString();
    const url = location.pathname + (qs ? '?' + qs : '');
    if (url !== location.pathname + location.search) history.pushState(null, '', url);
    run();
  }

  const withChange = (change) => navigate({ ...state, filters: [...state.filters], offset: 0, ...change });

  function hasFilter(field, value) {
    return state.filters.some(([k, v]) => k === field && v === value);
  }

  function toggleFilter(field, value) {
    const filters = hasFilter(field, value)
      ? state.filters.filter(([k, v]) => !(k === field && v === value))
      : [...state.filters, [field, value]];
    withChange({ filters });
  }

  // ---- fetching ------------------------------------------------------------

  async function getJson(url, signal) {
    const res = await fetch(url, { signal, headers: { Accept: 'application/json' } });
    let body = null;
    try { body = await res.json(); } catch (_) { /* not JSON */ }
    if (!res.ok) {
      const msg = body && body.error ? body.error.message : `HTTP ${res.status}`;
      throw new Error(msg);
    }
    return body;
  }

  let searchAbort = null;

  async function run() {
    renderForm();
    renderChips();
    const p = stateParams(state);
    p.set('limit', String(PAGE_SIZE));
    p.set('facets', FACETS.map(([f]) => f).join(','));
    p.set('timeline', 'auto');
    if (searchAbort) searchAbort.abort();
    searchAbort = new AbortController();
    document.body.classList.add('loading');
    try {
      const r = await getJson('/search?' + p.toString(), searchAbort.signal);
      showError('');
      renderResults(r);
    } catch (e) {
      if (e.name === 'AbortError') return;
      showError(e.message);
      renderResults(null);
    } finally {
      document.body.classList.remove('loading');
    }
  }

  // ---- rendering -----------------------------------------------------------

  function showError(msg) {
    const box = $('error');
    box.textContent = msg;
    box.hidden = !msg;
  }

  function renderForm() {
    $('q').value = state.q;
    $('sort').value = state.sort;
  }

  function chip(fieldLabel, valueLabel, onRemove, extraClass = '') {
    return el('button', {
      type: 'button', class: 'chip ' + extraClass, title: 'Remove this filter', onclick: onRemove,
      'aria-label': `Remove filter ${fieldLabel} ${valueLabel}`,
    }, el('span', { class: 'field', text: fieldLabel + ':' }), el('span', { class: 'value', text: valueLabel }),
    el('span', { class: 'x', text: '\u00d7', 'aria-hidden': 'true' }));
  }

  function renderChips() {
    const box = $('chips');
    box.replaceChildren();
    for (const [field, value] of state.filters) {
      const c = chip(FIELD_LABELS[field] || field, labelOf(field, value), () => toggleFilter(field, value));
      c.dataset.field = field;
      c.dataset.value = value;
      box.append(c);
    }
    if (state.from || state.to) {
      const range = state.from === state.to ? state.from : `${state.from || '\u2026'} \u2013 ${state.to || '\u2026'}`;
      const c = chip('Dates', range, () => withChange({ from: '', to: '' }));
      c.dataset.field = 'date';
      box.append(c);
    }
    if (box.childElementCount > 1) {
      box.append(el('button', {
        type: 'button', class: 'chip clear', text: 'Clear all',
        onclick: () => withChange({ filters: [], from: '', to: '' }),
      }));
    }
  }

  function renderResults(r) {
    renderSummary(r);
    renderFacets(r);
    renderTimeline(r);
    renderHits(r);
    renderPager(r);
  }

  function renderSummary(r) {
    const box = $('summary');
    box.replaceChildren();
    if (!r) { box.dataset.total = ''; return; }
    box.dataset.total = String(r.total);
    const n = r.total.toLocaleString('en');
    const first = r.hits.length ? r.offset + 1 : 0;
    const last = r.offset + r.hits.length;
    box.append(el('strong', { text: `${r.total_exact ? '' : 'about '}${n} article${r.total === 1 ? '' : 's'}` }));
    if (r.hits.length) box.append(` \u00b7 showing ${first}\u2013${last}`);
    box.append(` \u00b7 ${r.took_ms.toFixed(1)} ms`);
    if (r.corrected_query) {
      box.append(el('span', { class: 'note' }, 'Did you mean ',
        el('button', {
          type: 'button', class: 'linklike', text: r.corrected_query,
          onclick: () => withChange({ q: r.corrected_query }),
        }), '?'));
    }
    for (const note of r.notes || []) box.append(el('span', { class: 'note', text: note }));
  }

  function renderFacets(r) {
    const box = $('facets');
    box.replaceChildren();
    for (const [field, title] of FACETS) {
      const values = (r && r.facets && r.facets[field]) || [];
      for (const v of values) labels.set(field + '\u0000' + v.value, v.label);
      const list = el('ul');
      // Active values first, even when they fell out of the top list.
      const shown = new Set();
      const active = state.filters.filter(([k]) => k === field).map(([, v]) => v);
      const entries = [];
      for (const v of active) {
        const hit = values.find((x) => x.value === v);
        entries.push({ value: v, label: hit ? hit.label : labelOf(field, v), count: hit ? hit.count : null });
        shown.add(v);
      }
      for (const v of values) if (!shown.has(v.value)) entries.push(v);
      for (const v of entries) {
        const pressed = hasFilter(field, v.value);
        const b = el('button', {
          type: 'button', class: 'facet-value', 'aria-pressed': String(pressed),
          'data-field': field, 'data-value': v.value,
          title: pressed ? 'Remove this filter' : `Only articles with ${v.label}`,
          onclick: () => toggleFilter(field, v.value),
        }, el('span', { class: 'label', text: v.label }),
        el('span', { class: 'count', text: v.count == null ? '' : v.count.toLocaleString('en') }));
        list.append(el('li', {}, b));
      }
      // A facet with nothing to offer (say, no entities indexed) takes no room.
      if (!entries.length) continue;
      box.append(el('section', { 'data-facet': field }, el('h2', { text: title }), list));
    }
  }

  function renderTimeline(r) {
    const box = $('timeline');
    const bars = $('bars');
    bars.replaceChildren();
    const tl = (r && r.timeline) || [];
    if (tl.length === 0) { box.hidden = true; return; }
    box.hidden = false;
    const max = Math.max(1, ...tl.map((b) => b.count));
    const unit = r.timeline_unit || '';
    $('timeline-title').textContent = `Articles per ${unit || 'period'}`;
    for (const b of tl) {
      const pct = b.count === 0 ? 0 : Math.max(3, Math.round((b.count / max) * 100));
      const bar = el('button', {
        type: 'button', class: 'bar' + (b.count === 0 ? ' empty' : ''),
        title: `${b.date}: ${b.count} article${b.count === 1 ? '' : 's'}`,
        'aria-label': `${b.date}: ${b.count} articles; show only these dates`,
        'data-date': b.date, 'data-count': String(b.count),
        onclick: () => withChange({ from: b.date, to: b.date }),
      }, el('span'));
      bar.firstChild.style.height = pct + '%';
      bars.append(bar);
    }
    $('axis-first').textContent = tl[0].date;
    $('axis-last').textContent = tl.length > 1 ? tl[tl.length - 1].date : '';
  }

  function safeUrl(u) {
    try {
      const url = new URL(u);
      return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
    } catch (_) {
      return null;
    }
  }

  function metaLine(date, source, id) {
    const parts = [date ? date.slice(0, 10) : 'undated', source || null, id].filter(Boolean);
    const p = el('p', { class: 'meta' });
    parts.forEach((t, i) => {
      if (i) p.append(el('span', { class: 'sep', text: '\u00b7' }));
      p.append(el('span', { text: t }));
    });
    return p;
  }

  function renderHits(r) {
    const list = $('hits');
    list.replaceChildren();
    if (!r) return;
    if (r.hits.length === 0) {
      list.append(el('li', { class: 'hit empty', text: r.total ? 'No more results on this page.' : 'No articles match.' }));
      return;
    }
    for (const h of r.hits) {
      const title = el('button', {
        type: 'button', class: 'open', text: h.title || '(no title)', onclick: () => openArticle(h.id),
      });
      const snippet = el('p', { class: 'snippet' });
      snippet.innerHTML = h.snippet;  // server-built: escaped text and <mark> only
      const li = el('li', { class: 'hit', 'data-id': h.id }, el('h3', {}, title), metaLine(h.date, h.source, h.id), snippet);
      list.append(li);
    }
  }

  function renderPager(r) {
    const nav = $('pager');
    nav.replaceChildren();
    if (!r || r.total <= PAGE_SIZE) return;
    const pages = Math.ceil(Math.min(r.total, 100000 + PAGE_SIZE) / PAGE_SIZE);
    const current = Math.floor(state.offset / PAGE_SIZE);
    const go = (page) => withChange({ offset: page * PAGE_SIZE });
    const button = (text, page, opts = {}) => el('button', {
      type: 'button', text, disabled: !!opts.disabled, onclick: () => go(page),
      ...(opts.current ? { 'aria-current': 'page' } : {}),
    });
    nav.append(button('\u2039 Previous', current - 1, { disabled: current === 0 }));
    const lo = Math.max(0, Math.min(current - 3, pages - 7));
    const hi = Math.min(pages, lo + 7);
    for (let i = lo; i < hi; ++i) nav.append(button(String(i + 1), i, { current: i === current }));
    nav.append(button('Next \u203a', current + 1, { disabled: current + 1 >= pages }));
  }

  // ---- article reader ------------------------------------------------------

  async function openArticle(id) {
    const dlg = $('reader');
    $('reader-title').textContent = 'Loading\u2026';
    for (const k of ['reader-meta', 'reader-standfirst', 'reader-entities', 'reader-body', 'reader-link', 'reader-related-list']) {
      $(k).replaceChildren();
    }
    $('reader-related').hidden = true;
    if (!dlg.open) dlg.showModal();
    const path = encodeURIComponent(id);
    try {
      const a = await getJson('/articles/' + path);
      $('reader-title').textContent = a.title || '(no title)';
      $('reader-meta').replaceWith(Object.assign(metaLine(a.date, a.source, a.id), { id: 'reader-meta' }));
      $('reader-standfirst').textContent = a.standfirst || '';
      const ents = $('reader-entities');
      const add = (field, values) => {
        for (const v of values || []) {
          const name = typeof v === 'string' ? v : v.name;
          const b = el('button', {
            type: 'button', class: 'chip', title: `Filter by ${name}`,
            onclick: () => { dlg.close(); if (!hasFilter(field, name)) toggleFilter(field, name); },
          }, el('span', { class: 'field', text: (FIELD_LABELS[field] || field) + ':' }), el('span', { text: name }));
          ents.append(b);
        }
      };
      add('person', a.persons);
      add('org', a.organizations);
      add('place', a.places);
      add('country', a.countries);
      const body = $('reader-body');
      for (const para of String(a.body || '').split(/\n\s*\n|\n/)) {
        if (para.trim()) body.append(el('p', { text: para.trim() }));
      }
      const href = safeUrl(a.url);
      if (href) {
        $('reader-link').append(el('a', { href, text: 'Original article \u2197', target: '_blank', rel: 'noopener noreferrer' }));
      }
      const rel = await getJson('/related/' + path + '?limit=5');
      const list = $('reader-related-list');
      for (const h of rel.hits) {
        list.append(el('li', {}, el('button', { type: 'button', text: h.title || h.id, onclick: () => openArticle(h.id) }),
          el('span', { class: 'meta', text: ' ' + (h.date ? h.date.slice(0, 10) : 'undated') })));
      }
      $('reader-related').hidden = rel.hits.length === 0;
    } catch (e) {
      $('reader-title').textContent = e.message;
    }
  }

  // ---- suggestions ---------------------------------------------------------

  const input = $('q');
  const box = $('suggestions');
  let suggestTimer = 0;
  let suggestAbort = null;
  let items = [];
  let active = -1;

  function closeSuggestions() {
    box.hidden = true;
    box.replaceChildren();
    items = [];
    active = -1;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
  }

  function highlight(i) {
    active = i;
    [...box.children].forEach((li, j) => li.setAttribute('aria-selected', String(j === i)));
    if (i >= 0) input.setAttribute('aria-activedescendant', box.children[i].id);
    else input.removeAttribute('aria-activedescendant');
  }

  function pick(s) {
    closeSuggestions();
    if (s.kind === 'word') {
      withChange({ q: s.text });
    } else {
      // A name typed in full is better as a filter: it matches the entity,
      // not the words.
      const field = s.kind;
      input.value = '';
      const filters = hasFilter(field, s.text) ? state.filters : [...state.filters, [field, s.text]];
      withChange({ q: '', filters });
    }
  }

  async function suggest() {
    const text = input.value;
    if (text.trim().length < 2) { closeSuggestions(); return; }
    if (suggestAbort) suggestAbort.abort();
    suggestAbort = new AbortController();
    let list;
    try {
      list = await getJson('/suggest?' + new URLSearchParams({ q: text, limit: '8' }), suggestAbort.signal);
    } catch (_) {
      return;
    }
    if (input.value !== text || document.activeElement !== input) return;
    items = list;
    box.replaceChildren();
    if (!items.length) { closeSuggestions(); return; }
    items.forEach((s, i) => {
      const li = el('li', { role: 'option', id: 'sugg-' + i, 'aria-selected': 'false', 'data-kind': s.kind },
        el('span', { class: 'text', text: s.text }),
        el('span', { class: 'kind', text: s.kind === 'org' ? 'organization' : s.kind }),
        el('span', { class: 'count', text: s.count.toLocaleString('en') }));
      // mousedown, not click: it comes before the input loses focus.
      li.addEventListener('mousedown', (e) => { e.preventDefault(); pick(s); });
      box.append(li);
    });
    active = -1;
    box.hidden = false;
    input.setAttribute('aria-expanded', 'true');
  }

  input.addEventListener('input', () => {
    clearTimeout(suggestTimer);
    suggestTimer = setTimeout(suggest, SUGGEST_DELAY_MS);
  });
  input.addEventListener('keydown', (e) => {
    if (box.hidden || !items.length) return;
    if (e.key === 'ArrowDown') { e.preventDefault(); highlight((active + 1) % items.length); }
    else if (e.key === 'ArrowUp') { e.preventDefault(); highlight(active <= 0 ? items.length - 1 : active - 1); }
    else if (e.key === 'Enter' && active >= 0) { e.preventDefault(); pick(items[active]); }
    else if (e.key === 'Escape') { e.preventDefault(); closeSuggestions(); }
  });
  input.addEventListener('blur', () => setTimeout(closeSuggestions, 100));

  // ---- wiring --------------------------------------------------------------

  $('search-form').addEventListener('submit', (e) => {
    e.preventDefault();
    clearTimeout(suggestTimer);
    closeSuggestions();
    withChange({ q: input.value });
  });
  $('sort').addEventListener('change', () => withChange({ sort: $('sort').value }));
  $('reader-close').addEventListener('click', () => $('reader').close());
  $('reader').addEventListener('click', (e) => { if (e.target === $('reader')) $('reader').close(); });
  window.addEventListener('popstate', () => {
    state = readState(location.search);
    run();
  });

  run();
})();
