// The benchmarks' JSON Lines files (resumable *.partial.jsonl records, results files a run appended to).
import { existsSync, readFileSync } from 'node:fs';

/** Every non-empty line of `file` parsed; none when the file does not exist yet. */
export function readJsonl<T>(file: string): T[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as T);
}
