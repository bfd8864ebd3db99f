// dateline search page. The URL's query string holds the whole state
// (q, filters, from, to, sort, timeline, offset), so a search can be shared and the
// browser's back and forward buttons work. Every string from the index is
// inserted with textContent; only hit snippets, which the server builds as
// escaped HTML with <mark>, go through innerHTML.
'use strict';

(() => {
  const PAGE_SIZE = 10;
  // Values a facet shows until "show more"; asking for one more tells
  // whether there are more.
  const FACET_SHOWN = 10;
  // "Show more" asks for this many, the API's limit (facet_size <= 100).
  const FACET_MORE = 100;
  const FILTER_FIELDS = ['person', 'org', 'actor', 'place', 'country', 'source', 'lang'];
  const FACETS = [
    ['person', 'People'],
    ['org', 'Organizations'],
    ['place', 'Places'],
    ['country', 'Countries'],
    ['source', 'Sources'],
    ['lang', 'Languages'],
  ];
  const TIMELINE_UNITS = ['auto', 'year', 'month'];
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

  // Labels of facet values seen so far ("IR" -> "Iran"), for chips. The
  // server's label comes first; the browser's own names of regions and
  // languages stand in for values the server has not labelled yet.
  const labels = new Map();
  const displayNames = (type) => {
    try { return new Intl.DisplayNames(['en'], { type, fallback: 'none' }); } catch (_) { return null; }
  };
  const regionNames = displayNames('region');
  const languageNames = displayNames('language');
  function builtinName(field, value) {
    try {
      if (field === 'country' && regionNames && /^[A-Z]{2}$/.test(value)) return regionNames.of(value);
      if (field === 'lang' && languageNames && /^[a-z]{2,3}(-[A-Za-z0-9]+)*$/.test(value)) return languageNames.of(value);
    } catch (_) { /* not a code the browser knows */ }
    return undefined;
  }
  const rememberLabel = (field, value, label) => {
    if (label && label !== value) labels.set(field + '\u0000' + value, label);
  };
  const labelOf = (field, value) => labels.get(field + '\u0000' + value) || builtinName(field, value) || value;

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
      timeline: TIMELINE_UNITS.includes(p.get('timeline')) ? p.get('timeline') : 'auto',
      // One result per story unless the URL says otherwise.
      stories: p.get('collapse') !== 'none',
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
    if (s.timeline && s.timeline !== 'auto') p.set('timeline', s.timeline);
    if (!s.stories) p.set('collapse', 'none');
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

  // A facet value goes into the URL and the request verbatim, as one
  // parameter: commas, quotes and colons are part of it.
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

  // What the archive is, from /stats: the first search waits for it.
  // Remote shards (xapian-tcpsrv) cannot count facets by story.
  const archive = getJson('/stats').then((st) => st || {}, () => ({}));
  let remoteShards = false;

  // One result per story: the facets and the timeline count stories too,
  // so a facet's count is the total its click gives (except over remote
  // shards, where they count articles).
  function withStories(p, stories) {
    if (!stories) return;
    p.set('collapse', 'story');
    if (!remoteShards) p.set('facet_by', 'story');
  }

  let searchAbort = null;
  // The last search that succeeded, with the state it was made for: an
  // error leaves it on screen.
  let last = null;
  // Facets whose "show more" is open; they stay open across searches.
  const expanded = new Set();

  async function run() {
    const st = await archive;
    remoteShards = !!(st.shards && st.shards.remote > 0);
    renderForm();
    renderChips();
    const shown = stateParams(state).toString();
    const p = stateParams(state);
    p.set('limit', String(PAGE_SIZE));
    p.set('facets', FACETS.map(([f]) => f).join(','));
    p.set('facet_size', String(expanded.size ? FACET_MORE : FACET_SHOWN + 1));
    p.set('timeline', state.timeline || 'auto');
    withStories(p, state.stories);
    if (searchAbort) searchAbort.abort();
    const mine = new AbortController();
    searchAbort = mine;
    document.body.classList.add('loading');
    try {
      const r = await getJson('/search?' + p.toString(), mine.signal);
      last = { r, query: shown, stories: state.stories };
      showError('');
      renderResults(r, shown);
    } catch (e) {
      if (e.name === 'AbortError') return;
      // The previous results and facets stay, dimmed, so the user can fix
      // the query without losing them.
      showError(e.message);
      $('results').classList.toggle('stale', last !== null);
    } finally {
      // A search that a newer one aborted leaves the newer one loading.
      if (searchAbort === mine) document.body.classList.remove('loading');
    }
  }

  // "Show more" for one facet: the same search, only that facet, up to
  // FACET_MORE values.
  async function showMore(field) {
    expanded.add(field);
    if (!last) return;
    const before = last;
    const p = new URLSearchParams(before.query);
    p.delete('offset');
    p.set('limit', '0');
    p.set('facets', field);
    p.set('facet_size', String(FACET_MORE));
    p.set('timeline', 'none');
    withStories(p, before.stories);
    try {
      const r = await getJson('/search?' + p.toString());
      if (last !== before) return;  // a newer search has all of them already
      before.r.facets = { ...before.r.facets, [field]: (r.facets && r.facets[field]) || [] };
      renderFacets(before.r);
    } catch (e) {
      showError(e.message);
    }
  }

  function showFewer(field) {
    expanded.delete(field);
    if (last) renderFacets(last.r);
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
    $('from').value = state.from;
    $('to').value = state.to;
    $('timeline-unit').value = state.timeline || 'auto';
    $('stories').checked = state.stories;
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
    const active = state.filters.length + (state.from || state.to ? 1 : 0);
    $('refine-toggle').textContent = active ? `Refine (${active})` : 'Refine';
    if (box.childElementCount > 1) {
      box.append(el('button', {
        type: 'button', class: 'chip clear', text: 'Clear all',
        onclick: () => withChange({ filters: [], from: '', to: '' }),
      }));
    }
  }

  function renderResults(r, query) {
    $('results').classList.remove('stale');
    renderSummary(r);
    // Tells which state these results belong to (the browser test waits on it).
    $('summary').dataset.query = query;
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
    const unit = r.collapse === 'story' ? (r.total === 1 ? 'story' : 'stories') : (r.total === 1 ? 'article' : 'articles');
    box.append(el('strong', { text: `${r.total_exact ? '' : 'about '}${n} ${unit}` }));
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
      for (const v of values) rememberLabel(field, v.value, v.label);
      const open = expanded.has(field);
      const limit = open ? FACET_MORE : FACET_SHOWN;
      const list = el('ul');
      // Active values first, even when they fell out of the top list.
      const shown = new Set();
      const active = state.filters.filter(([k]) => k === field).map(([, v]) => v);
      const entries = [];
      for (const v of active) {
        const hit = values.find((x) => x.value === v);
        entries.push({ value: v, label: labelOf(field, v), count: hit ? hit.count : null });
        shown.add(v);
      }
      for (const v of values.slice(0, limit)) {
        if (!shown.has(v.value)) entries.push({ value: v.value, label: labelOf(field, v.value), count: v.count });
      }
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
      const section = el('section', { 'data-facet': field }, el('h2', { text: title }), list);
      if (!open && values.length > FACET_SHOWN) {
        section.append(el('button', {
          type: 'button', class: 'more', text: 'Show more', 'aria-label': `Show more ${title.toLowerCase()}`,
          onclick: () => showMore(field),
        }));
      } else if (open) {
        if (values.length >= FACET_MORE) {
          section.append(el('p', { class: 'hint', text: `Showing the top ${FACET_MORE}.` }));
        }
        if (values.length > FACET_SHOWN) {
          section.append(el('button', {
            type: 'button', class: 'more', text: 'Show fewer', 'aria-label': `Show fewer ${title.toLowerCase()}`,
            onclick: () => showFewer(field),
          }));
        }
      }
      box.append(section);
    }
  }

  // How a bucket's date reads under its bar: 1987, Mar 1987, 5 Mar 1987.
  const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  function bucketLabel(date) {
    const [y, m, d] = date.split('-');
    if (!m) return y;
    const month = MONTHS[Number(m) - 1] || m;
    return d ? `${Number(d)} ${month} ${y}` : `${month} ${y}`;
  }

  let timelineBuckets = [];

  function renderTimeline(r) {
    const box = $('timeline');
    const bars = $('bars');
    bars.replaceChildren();
    const tl = (r && r.timeline) || [];
    timelineBuckets = tl;
    if (tl.length === 0) { box.hidden = true; $('ticks').replaceChildren(); return; }
    box.hidden = false;
    const max = Math.max(1, ...tl.map((b) => b.count));
    const unit = r.timeline_unit || '';
    $('timeline-title').textContent = `Articles per ${unit || 'period'}`;
    bars.classList.toggle('dense', tl.length > 120);
    for (const b of tl) {
      const pct = b.count === 0 ? 0 : Math.max(3, Math.round((b.count / max) * 100));
      const bar = el('button', {
        type: 'button', class: 'bar' + (b.count === 0 ? ' empty' : ''),
        title: `${bucketLabel(b.date)}: ${b.count.toLocaleString('en')} article${b.count === 1 ? '' : 's'}`,
        'aria-label': `${bucketLabel(b.date)}: ${b.count} articles; show only these dates`,
        'data-date': b.date, 'data-count': String(b.count),
        onclick: () => withChange({ from: b.date, to: b.date }),
      }, el('span'));
      bar.firstChild.style.height = pct + '%';
      bars.append(bar);
    }
    renderTicks();
  }

  // Labels under the bars: every bar's when they fit, else every k-th, with
  // k chosen so that labels keep a gap between them (for years, on round
  // years: every 2nd, 5th, 10th...), and the first and last bars'. Each
  // label is centred under its bar, kept inside the chart, and dropped if it
  // would touch the one before.
  const TICK_GAP = 8;
  function renderTicks() {
    const ticks = $('ticks');
    ticks.replaceChildren();
    const tl = timelineBuckets;
    const bars = [...$('bars').children];
    const width = ticks.clientWidth;
    if (!tl.length || !width || bars.length !== tl.length) return;
    const slot = width / tl.length;
    const widest = Math.max(...tl.map((b) => bucketLabel(b.date).length));
    const need = widest * 7 + TICK_GAP;  // about 7 px a character at .75rem
    const years = tl.every((b) => /^\d{4}$/.test(b.date));
    // Months and days go by quarters, half years and so on; years by round numbers.
    const steps = years ? [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000]
      : [1, 2, 3, 4, 6, 12, 24, 36, 60, 120, 240, 365, 730, 1825, 3650];
    const step = steps.find((k) => k * slot >= need) || Math.ceil(need / slot);
    let right = -Infinity;
    tl.forEach((b, i) => {
      const regular = years ? Number(b.date) % step === 0 : i % step === 0;
      if (!regular && i !== 0 && i !== tl.length - 1) return;
      const label = el('span', { class: 'tick-label', text: bucketLabel(b.date), 'data-date': b.date });
      ticks.append(label);
      const w = label.offsetWidth;
      const centre = bars[i].offsetLeft - bars[0].offsetLeft + bars[i].offsetWidth / 2;
      const left = Math.min(Math.max(0, centre - w / 2), width - w);
      if (left < right + TICK_GAP) {
        label.remove();
        return;
      }
      label.style.left = left + 'px';
      right = left + w;
    });
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

  // "+3 versions: Source A, Source B": the other copies of a collapsed hit's
  // story, each opening in the reader.
  function versionsLine(story) {
    const others = story.size - 1;
    const p = el('p', { class: 'versions', text: `+${others} version${others === 1 ? '' : 's'}` });
    const seen = new Set();
    for (const v of story.versions || []) {
      const name = v.source || v.id;
      if (seen.has(name)) continue;
      seen.add(name);
      p.append(seen.size === 1 ? ': ' : ', ',
        el('button', { type: 'button', class: 'linklike', text: name, onclick: () => openArticle(v.id) }));
    }
    if ((story.versions || []).length < others) p.append(', \u2026');
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
      if (r.collapse === 'story' && h.story && h.story.size > 1) li.append(versionsLine(h.story));
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

  // Splits an article body into paragraphs. Wire copy such as Reuters' is
  // hard-wrapped at about 70 columns and indents the first line of each
  // paragraph; other sources put a paragraph on each line, or blank lines
  // between paragraphs. A blank line or an indented line starts a new
  // paragraph. Other line breaks are joined when the body is hard-wrapped
  // (nearly all its lines are short), and start a paragraph when it is not.
  const WRAP_WIDTH = 100;
  function paragraphs(text) {
    const lines = String(text || '').replace(/\r\n?/g, '\n').split('\n');
    const filled = lines.filter((l) => l.trim() !== '');
    const short = filled.filter((l) => l.trim().length <= WRAP_WIDTH).length;
    const wrapped = filled.length > 1 && short >= 0.9 * filled.length;
    const out = [];
    let current = [];
    const flush = () => {
      if (current.length) out.push(current.join(' '));
      current = [];
    };
    for (const line of lines) {
      const t = line.trim();
      if (!t) { flush(); continue; }
      if (!wrapped || /^\s/.test(line)) flush();
      current.push(t);
    }
    flush();
    return out;
  }

  // Articles list their countries as codes; the server's names for them
  // come with a search's country facet. One search filtered by all of the
  // article's countries has each of them at the top of that facet.
  async function loadCountryLabels(codes) {
    const missing = codes.filter((c) => !labels.has('country\u0000' + c));
    if (!missing.length) return;
    const p = new URLSearchParams();
    for (const c of missing) p.append('country', c);
    p.set('limit', '0');
    p.set('facets', 'country');
    p.set('facet_size', String(Math.min(FACET_MORE, missing.length + FACET_SHOWN)));
    p.set('timeline', 'none');
    try {
      const r = await getJson('/search?' + p.toString());
      for (const v of (r.facets && r.facets.country) || []) rememberLabel('country', v.value, v.label);
    } catch (_) {
      // The browser's own names stand in (labelOf).
    }
  }

  let readerShown = 0;  // which openArticle() call the reader shows

  async function openArticle(id) {
    const mine = ++readerShown;
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
      if (mine !== readerShown) return;
      $('reader-title').textContent = a.title || '(no title)';
      $('reader-meta').replaceWith(Object.assign(metaLine(a.date, a.source, a.id), { id: 'reader-meta' }));
      $('reader-standfirst').textContent = a.standfirst || '';
      await loadCountryLabels(a.countries || []);
      if (mine !== readerShown) return;
      const ents = $('reader-entities');
      // A chip filters by the value the facets use: the canonical name, or
      // for countries the code (shown by name).
      const add = (field, values) => {
        for (const v of values || []) {
          const value = typeof v === 'string' ? v : v.name;
          const label = labelOf(field, value);
          const b = el('button', {
            type: 'button', class: 'chip', title: `Filter by ${label}`, 'data-field': field, 'data-value': value,
            onclick: () => { dlg.close(); if (!hasFilter(field, value)) toggleFilter(field, value); },
          }, el('span', { class: 'field', text: (FIELD_LABELS[field] || field) + ':' }), el('span', { class: 'value', text: label }));
          ents.append(b);
        }
      };
      add('person', a.persons);
      add('org', a.organizations);
      add('place', a.places);
      add('country', a.countries);
      const body = $('reader-body');
      for (const para of paragraphs(a.body)) body.append(el('p', { text: para }));
      const href = safeUrl(a.url);
      if (href) {
        $('reader-link').append(el('a', { href, text: 'Original article \u2197', target: '_blank', rel: 'noopener noreferrer' }));
      }
      const rel = await getJson('/related/' + path + '?limit=5');
      if (mine !== readerShown) return;
      const list = $('reader-related-list');
      for (const h of rel.hits) {
        list.append(el('li', {}, el('button', { type: 'button', text: h.title || h.id, onclick: () => openArticle(h.id) }),
          el('span', { class: 'meta', text: ' ' + (h.date ? h.date.slice(0, 10) : 'undated') })));
      }
      $('reader-related').hidden = rel.hits.length === 0;
    } catch (e) {
      if (mine === readerShown) $('reader-title').textContent = e.message;
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
  $('stories').addEventListener('change', () => withChange({ stories: $('stories').checked }));
  $('timeline-unit').addEventListener('change', () => navigate({ ...state, timeline: $('timeline-unit').value }));
  $('dates').addEventListener('submit', (e) => {
    e.preventDefault();
    // The API judges the dates: a bad one comes back as its error message.
    withChange({ from: $('from').value.trim(), to: $('to').value.trim() });
  });
  $('refine-toggle').addEventListener('click', () => {
    const open = $('refine').classList.toggle('open');
    $('refine-toggle').setAttribute('aria-expanded', String(open));
  });
  let resizeTimer = 0;
  window.addEventListener('resize', () => {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(renderTicks, 100);
  });
  $('reader-close').addEventListener('click', () => $('reader').close());
  $('reader').addEventListener('click', (e) => { if (e.target === $('reader')) $('reader').close(); });
  window.addEventListener('popstate', () => {
    state = readState(location.search);
    run();
  });

  // The archive's first and last days show the date format in the range's
  // boxes (without /stats the placeholders stay generic).
  archive.then((st) => {
    if (st.first_date) $('from').placeholder = st.first_date.slice(0, 10);
    if (st.last_date) $('to').placeholder = st.last_date.slice(0, 10);
  });

  run();
})();
