// Drives dateline's search page in the system Chromium with playwright-core:
// suggestions, results, a facet filter and its chip, back/forward, a
// timeline bar, paging and the article reader. Fails if the page asks any
// host but the server for anything.
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

  // 1. The page loads with an overview of the whole archive.
  await page.goto(base + '/');
  const all = await waitTotal((t) => t > 0);
  check(all > 10, 'overview lists the archive', `total ${all}`);

  // 2. Typing shows suggestions (debounced /suggest); pick "wheat".
  await page.locator('#q').pressSequentially('whea', { delay: 60 });
  const option = page.locator('#suggestions li', { hasText: /^wheat/ }).first();
  await option.waitFor({ state: 'visible' });
  check(await page.locator('#suggestions li').count() > 0, 'suggestions appear as you type');
  await option.click();
  await page.waitForURL(/[?&]q=wheat(&|$)/);
  const wheat = await waitTotal((t) => t === 4);
  check(wheat === 4, 'picking the suggestion searches for wheat', `total ${wheat}`);
  const hits = page.locator('#hits li.hit');
  check(await hits.count() === 4, 'four results are listed');
  check(await page.locator('#hits .snippet mark').count() > 0, 'snippets highlight the word');

  // 3. A new query from the box (Enter); then a facet value adds a filter
  // (chip), and clicking it again removes it.
  await page.locator('#q').fill('port');
  await page.locator('#q').press('Enter');
  await page.waitForURL(/[?&]q=port(&|$)/);
  const port = await waitTotal((t) => t > 4);
  check(port > 4, 'Enter searches for port', `total ${port}`);
  const facet = await page.evaluate((t) => {
    for (const b of document.querySelectorAll('.facet-value[aria-pressed="false"]')) {
      const n = Number(b.querySelector('.count').textContent.replace(/,/g, ''));
      if (n > 0 && n < t) return { field: b.dataset.field, value: b.dataset.value, count: n };
    }
    return null;
  }, port);
  check(facet !== null, 'a facet value narrows the results', JSON.stringify(facet));
  const button = page.locator(`.facet-value[data-field="${facet.field}"][data-value="${facet.value.replace(/"/g, '\\"')}"]`);
  await button.click();
  const narrowed = await waitTotal((t) => t === facet.count);
  check(narrowed === facet.count && narrowed < port, `clicking ${facet.field} "${facet.value}" shows ${facet.count} of ${port}`);
  const chip = page.locator(`#chips .chip[data-field="${facet.field}"]`);
  await chip.waitFor({ state: 'visible' });
  check(await chip.count() === 1, 'the active filter shows as a chip');
  check(new URL(page.url()).searchParams.getAll(facet.field).includes(facet.value), 'the URL carries the filter');
  check(await button.getAttribute('aria-pressed') === 'true', 'the facet value shows as active');

  await page.locator(`.facet-value[data-field="${facet.field}"][aria-pressed="true"]`).first().click();
  await waitTotal((t) => t === port);
  check(await chip.count() === 0, 'clicking it again removes the filter');

  // 4. Back brings the filter back; forward removes it (popstate).
  await page.goBack();
  await waitTotal((t) => t === facet.count);
  check(await chip.count() === 1, 'back restores the filtered search');
  await page.goForward();
  await waitTotal((t) => t === port);
  check(await chip.count() === 0, 'forward returns to the unfiltered search');

  // 5. A timeline bar narrows the dates to its bucket.
  await page.goto(base + '/?q=port');
  await waitTotal((t) => t === port);
  const bar = page.locator('#bars .bar:not(.empty)').first();
  await bar.waitFor({ state: 'visible' });
  const bucket = await bar.getAttribute('data-date');
  const barCount = Number(await bar.getAttribute('data-count'));
  await bar.click();
  const dated = await waitTotal((t) => t === barCount);
  const url = new URL(page.url());
  check(url.searchParams.get('from') === bucket && url.searchParams.get('to') === bucket,
    `clicking the ${bucket} bar sets from/to`, page.url());
  check(dated === barCount && dated <= port, `the bar's ${barCount} articles remain`);
  check(await page.locator('#chips .chip[data-field="date"]').count() === 1, 'the date range shows as a chip');

  // 6. Paging through the whole archive.
  await page.goto(base + '/?sort=newest');
  await waitTotal((t) => t > 10);
  const firstPage = await page.locator('#hits li.hit').first().getAttribute('data-id');
  await page.locator('#pager button', { hasText: 'Next' }).click();
  await page.waitForURL(/offset=10/);
  await page.waitForFunction((id) => document.querySelector('#hits li.hit')?.dataset.id !== id, firstPage);
  check(await page.locator('#pager button[aria-current="page"]').textContent() === '2', 'Next goes to page 2');

  // 7. The reader shows an article without leaving the page.
  await page.goto(base + '/?q=wheat');
  await waitTotal((t) => t === 4);
  const title = await page.locator('#hits li.hit .open').first().textContent();
  await page.locator('#hits li.hit .open').first().click();
  await page.locator('#reader[open]').waitFor();
  await page.waitForFunction((t) => document.querySelector('#reader-title').textContent === t, title);
  check(await page.locator('#reader-body p').count() > 0, 'the reader shows the article body');
  await page.locator('#reader-close').click();

  // 8. Screenshot of a filtered search with a timeline and suggestions.
  await page.goto(base + `/?q=port&${facet.field}=${encodeURIComponent(facet.value)}`);
  await waitTotal((t) => t === facet.count);
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
