import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { glob } from 'tinyglobby';

/** Where results are looked for by default (the `nasLens.results` setting's default too). */
export const DEFAULT_RESULTS_GLOB = '**/*.nas-results.{jsonl,csv}';

const IGNORED = ['**/node_modules/**', '**/.git/**'];

export interface FoundResults {
  /** Matching files, each once: for each pattern in order, its matches sorted. */
  readonly files: string[];
  /** Patterns that matched no file. */
  readonly unmatched: string[];
}

/**
 * Expands results patterns relative to `cwd`: a pattern naming an existing file is that file (even
 * when its name holds glob characters); anything else is a glob (node_modules and .git are skipped).
 * Paths come back as given, or relative to `cwd` for glob matches.
 */
export async function findResultsFiles(patterns: readonly string[], cwd: string): Promise<FoundResults> {
  const files: string[] = [];
  const unmatched: string[] = [];
  const seen = new Set<string>();
  for (const pattern of patterns) {
    const matches = isFile(pattern, cwd)
      ? [pattern]
      : (await glob(pattern, { cwd, ignore: IGNORED, onlyFiles: true, dot: false, expandDirectories: false })).sort();
    if (!matches.length) unmatched.push(pattern);
    for (const m of matches) {
      if (!seen.has(m)) {
        seen.add(m);
        files.push(m);
      }
    }
  }
  return { files, unmatched };
}

function isFile(path: string, cwd: string): boolean {
  try {
    return statSync(resolve(cwd, path)).isFile();
  } catch {
    return false;
  }
}
