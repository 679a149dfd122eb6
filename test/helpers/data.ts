import { parse } from 'csv-parse/sync';
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

/** The rows of a CSV table with a header line, as objects by column name (csv-parse; quoted fields supported). */
export function readCsv(path: string): Record<string, string>[] {
  return parse(readFileSync(path, 'utf8'), { columns: true, skip_empty_lines: true }) as Record<string, string>[];
}
