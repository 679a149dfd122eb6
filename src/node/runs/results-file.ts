import { createReadStream, existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { ResultLine } from '../../core/results/types';
import { appendLineAtomic } from './atomic-files';

/** Appends one results line (JSON Lines) in a single O_APPEND write. */
export function appendResult(path: string, line: ResultLine): void {
  appendLineAtomic(path, JSON.stringify(line));
}

/** True when some line of the results file that mentions `needle` satisfies `match` (a crash-recovery check). */
export async function resultsFileHas(path: string, needle: string, match: (line: unknown) => boolean): Promise<boolean> {
  if (!existsSync(path)) return false;
  const lines = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity });
  for await (const text of lines) {
    if (!text.includes(needle)) continue;
    try {
      if (match(JSON.parse(text))) {
        lines.close();
        return true;
      }
    } catch {
      // a malformed line is the results reader's business
    }
  }
  return false;
}
