import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** The shared benchmark tables: $NAS_LENS_DATA, else ../shared/data beside the repository. */
export const DATA_DIR = process.env.NAS_LENS_DATA ?? resolve(repoRoot, '../shared/data');

/** Path of a shared data file, or undefined when it is absent. */
export function dataFile(name: string): string | undefined {
  const path = join(DATA_DIR, name);
  return existsSync(path) ? path : undefined;
}

/**
 * For `test(name, dataTestOptions('nb201.csv'), fn)`: skips with a visible reason when the file is missing.
 */
export function needsData(...names: string[]): { skip: string | false } {
  const missing = names.filter((n) => !dataFile(n));
  return { skip: missing.length ? `shared data missing: ${missing.join(', ')} (looked in ${DATA_DIR}; set NAS_LENS_DATA)` : false };
}

/** Minimal CSV reader for the shared tables (quoted fields supported). */
export function readCsv(path: string): Record<string, string>[] {
  const text = readFileSync(path, 'utf8');
  const rows = parseCsvRows(text);
  const header = rows.shift() ?? [];
  return rows.filter((r) => r.length > 1 || r[0] !== '').map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''])));
}

function parseCsvRows(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}
