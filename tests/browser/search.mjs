// Drives dateline's search page in the system Chromium with playwright-core:
// suggestions, results, every facet value's round trip (the total after a
// click equals the count shown), "show more", country names, the date range
// and its errors, an error that keeps the previous results, the year
// timeline and its labels, paging, the article reader (paragraphs of
// hard-wrapped wire copy, entity chips that filter) and the page at a
// phone's width. Fails if the page asks any host but the server for anything.
//
// Env: DATELINE_URL (http://127.0.0.1:PORT), USER_DATA_DIR (a fresh
// directory), SCREENSHOT_DIR (default ./screenshots), CHROMIUM (default
// /usr/bin/chromium).

import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const base = process.env.DATELINE_URL;
const userDataDir = process.env.USER_DATA_DIR;
const shots = process.env.SCREENSHOT_DIR || join(here, 'screenshots');
const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
if (!base || !userDataDir) {
  console.error('search.mjs: set DATELINE_URL and USER_DATA_DIR');
  process.exit(2);
}
mkdirSync(shots, { recursive: true });

const TIMEOUT = 10000;
let step = 0;
const ok = (what) => console.log(`ok ${++step} - ${what}`);
function check(cond, what, detail = '') {
  if (!cond) throw new Error(`${what}${detail ? ': ' + detail : ''}`);
  ok(what);
}

const context = await chromium.launchPersistentContext(userDataDir, {
  executablePath,
  headless: true,
  // Required on this machine: no GPU, no sandbox, and nothing that phones home.
  args: [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
  ],
  viewport: { width: 1280, height: 900 },
});

const foreign = [];
const pageErrors = [];
let failed = false;
try {
  const page = context.pages()[0] || (await context.newPage());
  page.setDefaultTimeout(TIMEOUT);
  const server = new URL(base);
  page.on('request', (req) => {
    const u = new URL(req.url());
    if (u.protocol === 'data:' || u.protocol === 'about:') return;
    if (u.hostname !== '127.0.0.1' || u.port !== server.port) foreign.push(req.url());
  });
  page.on('pageerror', (e) => pageErrors.push(String(e)));

  const total = async () => page.locator('#summary').getAttribute('data-total');
  // Polls the total shown (data-total) until pred holds. In Node, not in the
  // page: the page's Content-Security-Policy rightly forbids eval.
  const waitTotal = async (pred) => {
    const deadline = Date.now() + TIMEOUT;
    for (;;) {
      const t = await total();
      if (t !== null && t !== '' && pred(Number(t))) return Number(t);
      if (Date.now() > deadline) throw new Error(`timed out waiting for the total (${pred}); it shows ${t}`);
      await page.waitForTimeout(50);
    }
  };
  // The page's state as sorted query parameters, for comparing URLs.
  const canon = (search) => [...new URLSearchParams(search)].map(([k, v]) => `${k}=${v}`).sort().join('&');
  // Waits until no search is in flight and the results on screen belong to
  // the URL's state (the page marks them with data-query); returns their total.
  const settle = async () => {
    const deadline = Date.now() + TIMEOUT;
    for (;;) {
      const q = await page.locator('#summary').getAttribute('data-query');
      const t = await total();
      const loading = await page.evaluate(() => document.body.classList.contains('loading'));
      if (!loading && q !== null && canon(q) === canon(new URL(page.url()).search) && t) return Number(t);
      if (Date.now() > deadline) throw new Error(`timed out waiting for the results of ${page.url()} (showing ${q})`);
      await page.waitForTimeout(30);
    }
  };
  // The API's answer, asked directly.
  const api = async (path) => (await fetch(base + path)).json();
  const facetButtons = async () => page.evaluate(() => [...document.querySelectorAll('.facet-value')].map((b) => ({
    field: b.dataset.field, value: b.dataset.value, pressed: b.getAttribute('aria-pressed') === 'true',
    label: b.querySelector('.label').textContent, count: Number(b.querySelector('.count').textContent.replace(/,/g, '')),
  })));
  const facetLocator = (field, value) =>
    page.locator(`.facet-value[data-field="${field}"][data-value="${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"]`);
  // Boxes of the timeline's labels; fails unless they are legible and apart.
  const checkTicks = async (what) => {
    const ticks = await page.evaluate(() => [...document.querySelectorAll('#ticks .tick-label')].map((t) => {
      const r = t.getBoundingClientRect();
      return { text: t.textContent, left: r.left, right: r.right, size: parseFloat(getComputedStyle(t).fontSize) };
    }));
    const box = await page.locator('#timeline').boundingBox();
    const apart = ticks.every((t, i) => i === 0 || t.left >= ticks[i - 1].right + 4);
    const inside = ticks.every((t) => t.left >= box.x - 1 && t.right <= box.x + box.width + 1);
    check(ticks.length >= 3 && apart && inside && ticks.every((t) => t.size >= 11),
      `${what}: ${ticks.length} timeline labels, legible, apart and inside the chart`,
      JSON.stringify(ticks));
    return ticks;
  };

  // 1. The page loads with an overview of the whole archive, with the
  // place and language facets beside people, organizations and countries.
  await page.goto(base + '/');
  const all = await settle();
  check(all > 10, 'overview lists the archive', `total ${all}`);
  const sections = await page.locator('#facets section').evaluateAll((s) => s.map((x) => x.dataset.facet));
  const entities = sections.includes('person');
  if (entities) {
    check(['person', 'org', 'place', 'country', 'source', 'lang'].every((f) => sections.includes(f)),
      'facets for people, organizations, places, countries, sources and languages', sections.join(','));
  } else {
    console.log('# no entities in this index: entity facets and chips are not checked');
  }

  // 2. Country and language facet values show names; the filter and URL
  // carry the code.
  if (entities) {
    const countries = (await facetButtons()).filter((b) => b.field === 'country');
    check(countries.length > 0 && countries.every((b) => b.label !== b.value && b.label.length > 3 &&
      /^[A-Z]{2,4}$/.test(b.value)), 'country facet values show names, not codes',
    countries.map((b) => `${b.value}=${b.label}`).join(' '));
  }
  const english = (await facetButtons()).find((b) => b.field === 'lang' && b.value === 'en');
  check(english !== undefined && english.label === 'English', 'the language facet shows names (en is English)',
    JSON.stringify(english));

  // 3. Facet values on the overview round-trip (the first five of each
  // facet; the CLI and HTTP tests walk every value): a click filters to
  // exactly that value (one parameter, verbatim), the total equals the
  // count shown beside it, and a second click removes the filter.
  const perFacet = new Map();
  const values = (await facetButtons()).filter((b) => {
    perFacet.set(b.field, (perFacet.get(b.field) || 0) + 1);
    return !b.pressed && perFacet.get(b.field) <= 5;
  });
  let roundTrips = 0;
  for (const v of values) {
    await facetLocator(v.field, v.value).first().click();
    const t = await settle();
    const params = new URL(page.url()).searchParams.getAll(v.field);
    if (t !== v.count || params.length !== 1 || params[0] !== v.value) {
      check(false, `clicking ${v.field} "${v.value}" shows its count`, `total ${t}, shown ${v.count}, URL ${page.url()}`);
    }
    if (v.field === 'country') {
      const chipText = await page.locator('#chips .chip[data-field="country"] .value').textContent();
      if (chipText !== v.label) check(false, 'the country chip shows the name', `${chipText} for ${v.value}`);
    }
    await facetLocator(v.field, v.value).first().click();
    await settle();
    ++roundTrips;
  }
  check(roundTrips === values.length && roundTrips >= 4,
    `${roundTrips} facet values clicked: each total equals the count shown`);
  check(await total() === String(all), 'each second click removed the filter');

  // 4. "Show more" asks the server for more values of that facet and shows them.
  const moreFacet = entities ? 'place' : 'source';
  const moreButton = page.locator(`#facets section[data-facet="${moreFacet}"] .more`);
  if (await moreButton.count() === 0) {
    console.log(`# the ${moreFacet} facet has 10 values or fewer: "show more" is not checked`);
  } else {
    const asked = [];
    const onRequest = (req) => { if (req.url().includes('/search?')) asked.push(new URL(req.url()).searchParams); };
    page.on('request', onRequest);
    const listed = page.locator(`#facets section[data-facet="${moreFacet}"] .facet-value`);
    check(await listed.count() === 10, `the ${moreFacet} facet lists 10 values and offers more`);
    await moreButton.click();
    const deadline = Date.now() + TIMEOUT;
    while (await listed.count() <= 10 && Date.now() < deadline) await page.waitForTimeout(30);
    page.off('request', onRequest);
    const n = await listed.count();
    check(asked.some((p) => p.get('facets') === moreFacet && Number(p.get('facet_size')) > 10),
      `show more asks for more ${moreFacet} values`, asked.map(String).join(' '));
    const expected = (await api(`/search?limit=0&facets=${moreFacet}&facet_size=100&timeline=none&collapse=story&facet_by=story`)).facets[moreFacet];
    check(n === expected.length && n > 10, `show more lists all ${n} ${moreFacet} values the API gives`);
    await page.locator(`#facets section[data-facet="${moreFacet}"] .more`).click();
    check(await listed.count() === 10, 'show fewer folds them again');
  }

  // 5. Typing shows suggestions (debounced /suggest); pick "wheat".
  await page.locator('#q').pressSequentially('whea', { delay: 60 });
  const option = page.locator('#suggestions li', { hasText: /^wheat/ }).first();
  await option.waitFor({ state: 'visible' });
  check(await page.locator('#suggestions li').count() > 0, 'suggestions appear as you type');
  await option.click();
  await page.waitForURL(/[?&]q=wheat(&|$)/);
  const wheat = await settle();
  check(wheat === 4, 'picking the suggestion searches for wheat', `total ${wheat}`);
  const hits = page.locator('#hits li.hit');
  check(await hits.count() === 4, 'four results are listed');
  check(await page.locator('#hits .snippet mark').count() > 0, 'snippets highlight the word');

  // 6. A new query from the box (Enter); then a facet value adds a filter
  // (chip), and clicking it again removes it.
  await page.locator('#q').fill('port');
  await page.locator('#q').press('Enter');
  await page.waitForURL(/[?&]q=port(&|$)/);
  const port = await settle();
  check(port > 4, 'Enter searches for port', `total ${port}`);
  const facet = (await facetButtons()).find((b) => !b.pressed && b.count > 0 && b.count < port) || null;
  check(facet !== null, 'a facet value narrows the results', JSON.stringify(facet));
  const button = facetLocator(facet.field, facet.value);
  await button.click();
  const narrowed = await settle();
  check(narrowed === facet.count && narrowed < port, `clicking ${facet.field} "${facet.value}" shows ${facet.count} of ${port}`);
  const chip = page.locator(`#chips .chip[data-field="${facet.field}"]`);
  await chip.waitFor({ state: 'visible' });
  check(await chip.count() === 1, 'the active filter shows as a chip');
  check(new URL(page.url()).searchParams.getAll(facet.field).includes(facet.value), 'the URL carries the filter');
  check(await button.getAttribute('aria-pressed') === 'true', 'the facet value shows as active');

  await page.locator(`.facet-value[data-field="${facet.field}"][aria-pressed="true"]`).first().click();
  await waitTotal((t) => t === port);
  check(await chip.count() === 0, 'clicking it again removes the filter');

  // 7. Back brings the filter back; forward removes it (popstate).
  await page.goBack();
  await waitTotal((t) => t === facet.count);
  check(await chip.count() === 1, 'back restores the filtered search');
  await page.goForward();
  await waitTotal((t) => t === port);
  check(await chip.count() === 0, 'forward returns to the unfiltered search');

  // 8. An error from the API (a query syntax error, HTTP 400) is shown, and
  // the previous results and facets stay.
  const hitsBefore = await hits.count();
  const facetsBefore = await page.locator('.facet-value').count();
  await page.locator('#q').fill('"port');
  await page.locator('#q').press('Enter');
  await page.locator('#error').waitFor({ state: 'visible' });
  const syntax = await page.locator('#error').textContent();
  check(/quote/i.test(syntax), 'a query syntax error shows the API\'s message', syntax);
  check(await total() === String(port) && await hits.count() === hitsBefore &&
    await page.locator('.facet-value').count() === facetsBefore && facetsBefore > 0,
  'the previous results and facets stay visible under the error');
  await page.locator('#q').fill('port');
  await page.locator('#q').press('Enter');
  await settle();
  check(await page.locator('#error').isHidden(), 'the next good search clears the error');

  // 9. The date range: a bad date shows the API's error and keeps the
  // results; a good range sets from/to and gives the API's total.
  await page.locator('#from').fill('1987-13');
  await page.locator('#dates button[type="submit"]').click();
  await page.locator('#error').waitFor({ state: 'visible' });
  const bad = await page.locator('#error').textContent();
  check(/from/.test(bad) && /1987-13/.test(bad), 'a bad "from" date shows the API\'s error', bad);
  check(await total() === String(port) && await hits.count() === hitsBefore, 'the results stay under the date error');
  await page.locator('#from').fill('2025');
  await page.locator('#to').fill('2025-12');
  await page.locator('#to').press('Enter');
  const ranged = await settle();
  const rangedUrl = new URL(page.url()).searchParams;
  const rangedApi = (await api('/search?q=port&from=2025&to=2025-12&limit=0&facets=none&collapse=story')).total;
  check(rangedUrl.get('from') === '2025' && rangedUrl.get('to') === '2025-12' && ranged === rangedApi && ranged < port,
    `the date range 2025 to 2025-12 gives ${ranged} of ${port}, as the API does`);
  check(await page.locator('#chips .chip[data-field="date"]').count() === 1, 'the date range shows as a chip');
  check(await page.locator('#error').isHidden(), 'the error is gone');

  // 10. The year timeline: a bar per year from the first dated article to
  // the last, legible labels that do not touch, and a click on a bar
  // narrows the dates to that year.
  await page.goto(base + '/?timeline=year');
  await settle();
  const years = await page.locator('#bars .bar').evaluateAll((bs) => bs.map((b) => b.dataset.date));
  const stats = await api('/stats');
  const firstYear = Number(String(stats.first_date || years[0]).slice(0, 4));
  const lastYear = Number(String(stats.last_date || years[years.length - 1]).slice(0, 4));
  check(years.length === lastYear - firstYear + 1 && years[0] === String(firstYear),
    `the year timeline has a bar for each year ${firstYear}-${lastYear}`, years.join(','));
  const yearTicks = await checkTicks('1280 px');
  check(yearTicks.every((t) => /^\d{4}$/.test(t.text)), 'the labels are years', yearTicks.map((t) => t.text).join(' '));
  const yearBar = page.locator(`#bars .bar[data-date="${firstYear}"]`);
  const yearCount = Number(await yearBar.getAttribute('data-count'));
  await yearBar.click();
  const inYear = await settle();
  const yearUrl = new URL(page.url()).searchParams;
  check(yearUrl.get('from') === String(firstYear) && yearUrl.get('to') === String(firstYear) && inYear === yearCount,
    `clicking the ${firstYear} bar shows its ${yearCount} articles`, page.url());

  // 11. A timeline bar at the automatic unit narrows the dates to its bucket.
  await page.goto(base + '/?q=port');
  await settle();
  const bar = page.locator('#bars .bar:not(.empty)').first();
  await bar.waitFor({ state: 'visible' });
  const bucket = await bar.getAttribute('data-date');
  const barCount = Number(await bar.getAttribute('data-count'));
  await bar.click();
  const dated = await settle();
  const url = new URL(page.url());
  check(url.searchParams.get('from') === bucket && url.searchParams.get('to') === bucket,
    `clicking the ${bucket} bar sets from/to`, page.url());
  check(dated === barCount && dated <= port, `the bar's ${barCount} articles remain`);

  // 12. Paging through the whole archive.
  await page.goto(base + '/?sort=newest');
  await settle();
  const firstPage = await page.locator('#hits li.hit').first().getAttribute('data-id');
  await page.locator('#pager button', { hasText: 'Next' }).click();
  await page.waitForURL(/offset=10/);
  await settle();
  check(await page.locator('#hits li.hit').first().getAttribute('data-id') !== firstPage &&
    await page.locator('#pager button[aria-current="page"]').textContent() === '2', 'Next goes to page 2');

  // 13. The reader shows an article without leaving the page.
  await page.goto(base + '/?q=wheat');
  await settle();
  const title = await page.locator('#hits li.hit .open').first().textContent();
  await page.locator('#hits li.hit .open').first().click();
  await page.locator('#reader[open]').waitFor();
  await page.waitForFunction((t) => document.querySelector('#reader-title').textContent === t, title);
  // The body arrives with the article's own request, after the title.
  await page.locator('#reader-body p').first().waitFor().catch(() => {});
  check(await page.locator('#reader-body p').count() > 0, 'the reader shows the article body');
  await page.locator('#reader-close').click();

  // 14. Hard-wrapped wire copy reads as paragraphs: wrapped lines join, an
  // indented line starts a paragraph (tests/browser/fixtures/wrapped.jsonl).
  const openWrapped = async () => {
    await page.goto(base + '/?q=coffee+growers');
    await settle();
    await page.locator('#hits li.hit[data-id="browser-wrapped-1"] .open').click();
    await page.locator('#reader[open]').waitFor();
    await page.locator('#reader-body p').first().waitFor();
  };
  await openWrapped();
  const paras = await page.locator('#reader-body p').allTextContents();
  check(paras.length === 4 &&
    paras[0] === 'Coffee growers in the south of Minas Gerais said on Monday that a dry February had cut ' +
      'the size of the coming harvest, their association said in its monthly report.' &&
    paras[2] === 'Shipments to Colombia and the United States were expected to fall in March, traders in Sao Paulo said.' &&
    paras[3] === 'Reuter', 'the reader joins wrapped lines into 4 paragraphs', JSON.stringify(paras));
  const shotReader = join(shots, 'reader.png');
  await page.screenshot({ path: shotReader });
  ok(`screenshot saved to ${shotReader}`);

  // 15. The reader's chips show country names and filter by the facet's
  // value: the total equals the count the facet shows for it.
  if (entities) {
    const chips = await page.locator('#reader-entities .chip').evaluateAll((cs) => cs.map((c) => ({
      field: c.dataset.field, value: c.dataset.value, text: c.querySelector('.value').textContent,
    })));
    const brazil = chips.find((c) => c.field === 'country' && c.value === 'BR');
    check(brazil && brazil.text === 'Brazil' && chips.filter((c) => c.field === 'country').every((c) => c.text !== c.value),
      'reader country chips show names (BR is Brazil)', JSON.stringify(chips));
    const picked = [...chips.filter((x) => x.field === 'country').slice(0, 2),
      ...chips.filter((x) => x.field === 'place').slice(0, 2)];
    for (const c of picked) {
      await page.locator(`#reader-entities .chip[data-field="${c.field}"][data-value="${c.value}"]`).click();
      const t = await settle();
      const shown = (await facetButtons()).find((b) => b.field === c.field && b.value === c.value);
      const params = new URL(page.url()).searchParams.getAll(c.field);
      check(shown && shown.pressed && shown.count === t && params.length === 1 && params[0] === c.value,
        `the reader's ${c.field} chip "${c.text}" filters to ${t}, the count its facet shows`,
        `${JSON.stringify(shown)} ${page.url()}`);
      await openWrapped();
    }
    await page.locator('#reader-close').click();
  }

  // 16. A value with a comma, "Washington, D.C.", is one filter value: from
  // the facet and from the reader's chip, one parameter, verbatim, and the
  // total is the count the facet shows.
  if (entities) {
    const dc = 'Washington, D.C.';
    await page.goto(base + '/?q=chip+talks');
    await settle();
    const listed = (await facetButtons()).find((b) => b.field === 'place' && b.value === dc);
    check(listed !== undefined, `the place facet lists "${dc}"`);
    const dcCount = listed.count;
    await page.locator('#hits li.hit[data-id="browser-wrapped-2"] .open').click();
    await page.locator(`#reader-entities .chip[data-field="place"][data-value="${dc}"]`).click();
    const t = await settle();
    const params = new URL(page.url()).searchParams.getAll('place');
    check(params.length === 1 && params[0] === dc && t === dcCount,
      `the reader's "${dc}" chip filters to ${t} articles, the ${dcCount} the facet shows`, page.url());
    const facetDc = (await facetButtons()).find((b) => b.field === 'place' && b.value === dc);
    check(facetDc && facetDc.pressed && facetDc.count === t, `the "${dc}" facet value is active with the same count`);
  }

  // 17. At a phone's width (390 px): the search box keeps its room, nothing
  // scrolls sideways, the facets fold above the results, and the timeline's
  // labels still do not touch.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(base + '/?timeline=year');
  await settle();
  const qBox = await page.locator('#q').boundingBox();
  check(qBox.width >= 200, `at 390 px the search box is ${Math.round(qBox.width)} px wide`);
  const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  check(scrollWidth <= 390, `at 390 px nothing scrolls sideways (${scrollWidth} px)`);
  check(await page.locator('#refine').isHidden() && await page.locator('#refine-toggle').isVisible(),
    'at 390 px the facets fold behind "Refine"');
  await page.locator('#refine-toggle').click();
  const refineBox = await page.locator('#refine').boundingBox();
  const resultsBox = await page.locator('#results').boundingBox();
  check(refineBox.width >= 300 && refineBox.y + refineBox.height <= resultsBox.y + 1 && resultsBox.width >= 300,
    'opened, they stack above the results, both full width',
    `refine ${JSON.stringify(refineBox)}, results ${JSON.stringify(resultsBox)}`);
  await checkTicks('390 px');
  const shotPhone = join(shots, 'phone.png');
  await page.screenshot({ path: shotPhone, fullPage: true });
  ok(`screenshot saved to ${shotPhone}`);
  await page.setViewportSize({ width: 1280, height: 900 });

  // 18. Screenshot of a filtered search with a timeline and suggestions.
  await page.goto(base + `/?q=port&${facet.field}=${encodeURIComponent(facet.value)}`);
  await waitTotal((t) => t === facet.count);
  // One result per story (#16), on by default: Delfina's three outlets are
  // one hit listing the other versions once the index has story ids;
  // unticking the box shows every article and puts collapse=none in the URL.
  await page.goto(base + '/?q=Delfina');
  const delfinaStories = await settle();
  check(await page.locator('#stories').isChecked(), 'one result per story is on by default');
  const delfinaApi = (await api('/search?q=Delfina&limit=0&facets=none&collapse=story')).total;
  check(delfinaStories === delfinaApi, `Delfina: ${delfinaStories} results, the API's collapsed total`);
  if (delfinaStories === 1) {
    check(/^\+2 versions/.test(await page.locator('#hits li.hit .versions').first().textContent()),
      'the collapsed hit shows its other versions');
  }
  await page.locator('#stories').uncheck();
  await waitTotal((t) => t >= delfinaStories);
  const delfinaAll = await settle();
  check(new URL(page.url()).searchParams.get('collapse') === 'none' && delfinaAll === 3,
    `without collapsing, all ${delfinaAll} Delfina articles`, page.url());
  await page.locator('#q').click();
  await page.locator('#q').fill('');
  await page.locator('#q').pressSequentially('har', { delay: 40 });
  await page.locator('#suggestions li').first().waitFor({ state: 'visible' });
  const shot = join(shots, 'search.png');
  await page.screenshot({ path: shot, fullPage: true });
  ok(`screenshot saved to ${shot}`);

  check(pageErrors.length === 0, 'no script errors', pageErrors.join('; '));
  check(foreign.length === 0, 'no request left 127.0.0.1', foreign.join(' '));
} catch (e) {
  failed = true;
  console.log(`not ok ${++step} - ${e.message.split('\n')[0]}`);
  if (foreign.length) console.log('# foreign requests: ' + foreign.join(' '));
  if (pageErrors.length) console.log('# page errors: ' + pageErrors.join('; '));
  try {
    const p = context.pages()[0];
    if (p) await p.screenshot({ path: join(shots, 'failure.png'), fullPage: true });
  } catch (_) { /* best effort */ }
} finally {
  await context.close();
}
console.log(`1..${step}`);
process.exit(failed ? 1 : 0);
