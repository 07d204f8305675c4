#!/usr/bin/env node
// Builds insured-registry-service/src/main/resources/regions/gb2260-counties.csv: every county-level GB/T 2260 code
// listed in any edition since 1980, with its name and the years of the first and last edition that list it.
//
// An ID number keeps the address code of the county where it was first issued, so the registry must accept codes
// abolished since; this list is the union of every edition the two public sources below hold.
//
// Sources (both allow redistribution):
//   1. The areacodes data set (github.com/yescallop/areacodes, CC0 1.0): the yearly lists of county-level and higher
//      codes published by the Ministry of Civil Affairs, each as of 31 December, in data/<year>.txt ("code name").
//      Read at two commits: eed219a0678d36bacaa717f62443b10e869f0291 (2025-11-04: 1981-2024, corrected against the
//      printed GB/T 2260 editions) and de688b52eb1d7716958fea3c222e4c7c2747eca2 (2025-10-17, the last one that holds
//      1980 and the uncorrected lists of the early years, whose codes were in use too).
//   2. The npm package gb2260 0.6.0 (MIT): lib/<yyyymm>.json, the National Bureau of Statistics' lists 2002-12 ..
//      2016-07. They add the "市辖区" (city districts taken together) entries xxxx01 that the ministry's lists omit.
//
// To regenerate:
//   git clone https://github.com/yescallop/areacodes.git /some/dir/areacodes
//   (cd /some/other/dir && npm pack gb2260@0.6.0 && tar xzf gb2260-0.6.0.tgz)
//   node tools/gb2260/build-counties.mjs /some/dir/areacodes /some/other/dir/package \
//       > insured-registry-service/src/main/resources/regions/gb2260-counties.csv
//
// County level, per edition: a code that is not a province's (xx0000) and either names a county (not xxxx00) or is a
// prefecture's code with no county listed under it in that edition (cities without counties, such as Dongguan
// 441900, whose residents' numbers carry that code).
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const CURATED = 'eed219a0678d36bacaa717f62443b10e869f0291';
const EARLY = 'de688b52eb1d7716958fea3c222e4c7c2747eca2';
const NEWEST_YEAR = 2024;

const [areacodes, gb2260] = process.argv.slice(2);
if (!areacodes || !gb2260) {
    console.error('usage: build-counties.mjs <areacodes git clone> <unpacked gb2260 0.6.0 package>');
    process.exit(2);
}

/** Every edition as { year, entries: Map(code -> name), preferred }; the curated lists name a code first. */
function editions() {
    const all = [];
    for (const [commit, preferred] of [[CURATED, true], [EARLY, false]]) {
        const files = execFileSync('git', ['-C', areacodes, 'ls-tree', '--name-only', commit, 'data/'], { encoding: 'utf8' })
            .split('\n').filter((f) => /^data\/\d{4}\.txt$/.test(f));
        for (const file of files) {
            const text = execFileSync('git', ['-C', areacodes, 'show', `${commit}:${file}`], { encoding: 'utf8' });
            const entries = new Map();
            for (const line of text.split('\n')) {
                const match = /^(\d{6})\s+(\S.*?)\s*$/.exec(line.replace(/^\uFEFF/, ''));
                if (match) {
                    entries.set(match[1], match[2]);
                }
            }
            all.push({ year: Number(file.slice(5, 9)), entries, preferred });
        }
    }
    for (const file of readdirSync(join(gb2260, 'lib')).filter((f) => /^\d{6}\.json$/.test(f))) {
        const json = JSON.parse(readFileSync(join(gb2260, 'lib', file), 'utf8'));
        all.push({ year: Number(file.slice(0, 4)), entries: new Map(Object.entries(json)), preferred: false });
    }
    return all;
}

function countyLevel(code, entries) {
    if (code.endsWith('0000')) {
        return false;
    }
    if (!code.endsWith('00')) {
        return true;
    }
    const prefecture = code.slice(0, 4);
    for (const other of entries.keys()) {
        if (other !== code && other.startsWith(prefecture)) {
            return false;
        }
    }
    return true;
}

// Whether a prefecture has counties is asked of every source's list of the year together: one source may leave a
// year's districts out (the areacodes lists of 1981-1982 omit many).
const all = editions();
const byYear = new Map();
for (const { year, entries } of all) {
    const listed = byYear.get(year) ?? new Map();
    entries.forEach((name, code) => listed.set(code, name));
    byYear.set(year, listed);
}
const codes = new Map();
for (const { year, entries, preferred } of all) {
    for (const [code, name] of entries) {
        if (!countyLevel(code, byYear.get(year))) {
            continue;
        }
        const seen = codes.get(code) ?? { first: year, last: year, name, nameYear: -1, namePreferred: false };
        seen.first = Math.min(seen.first, year);
        seen.last = Math.max(seen.last, year);
        // the name of the newest edition, the ministry's lists before the statistics bureau's
        if (preferred > seen.namePreferred || (preferred === seen.namePreferred && year > seen.nameYear)) {
            Object.assign(seen, { name, nameYear: year, namePreferred: preferred });
        }
        codes.set(code, seen);
    }
}

const out = [
    `# GB/T 2260 county-level codes of every edition 1980-${NEWEST_YEAR} (newest: the list as of 31 December ${NEWEST_YEAR}).`,
    `# Sources: areacodes data set (github.com/yescallop/areacodes, CC0 1.0) at commits ${CURATED.slice(0, 12)} and`,
    `# ${EARLY.slice(0, 12)}, yearly lists 1980-${NEWEST_YEAR} of the Ministry of Civil Affairs; npm package gb2260 0.6.0 (MIT),`,
    '# lists 2002-12 .. 2016-07 of the National Bureau of Statistics. Generated by tools/gb2260/build-counties.mjs.',
    `# first, last: years of the first and last edition listing the code; last = current when the ${NEWEST_YEAR} list has it.`,
    'code,name,first,last',
];
for (const code of [...codes.keys()].sort()) {
    const { name, first, last } = codes.get(code);
    out.push([code, name, first, last === NEWEST_YEAR ? 'current' : last].join(','));
}
process.stdout.write(out.join('\n') + '\n');
