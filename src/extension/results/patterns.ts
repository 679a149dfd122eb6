// Where the results globs of nasLens.results.files look: each relative glob in every workspace folder;
// an absolute path or glob (or one leaving the folders: `../x`, `~/x`) at its own base folder, in a
// trusted workspace only — in restricted mode NAS Lens reads data inside the workspace folders only.
// vscode-free: the controller turns these into RelativePatterns for findFiles and file watchers.
import * as path from 'node:path';

/** A glob under an absolute base folder. */
export interface ResultsPattern {
  readonly base: string;
  readonly glob: string;
  /** The setting's entry it comes from. */
  readonly given: string;
}

export interface ResolvedPatterns {
  readonly patterns: readonly ResultsPattern[];
  /** Entries not read: outside the workspace folders in an untrusted workspace. */
  readonly ignored: readonly string[];
}

const GLOB_CHARS = /[*?[\]{}]/;

/**
 * `globs` of the setting against the workspace folders (absolute file-system paths). A relative glob
 * applies in every folder; any other is split at its first glob segment into a base folder and a glob.
 */
export function resolvePatterns(globs: readonly string[], folders: readonly string[], options: { trusted: boolean; home?: string }): ResolvedPatterns {
  const patterns: ResultsPattern[] = [];
  const ignored: string[] = [];
  for (const given of globs) {
    const posix = given.replace(/\\/g, '/');
    const home = posix.startsWith('~/') && options.home ? path.posix.join(options.home.replace(/\\/g, '/'), posix.slice(2)) : undefined;
    const escapes = posix.split('/').includes('..');
    if (!home && !path.posix.isAbsolute(posix) && !/^[A-Za-z]:\//.test(posix) && !escapes) {
      for (const base of folders) patterns.push({ base, glob: posix, given });
      continue;
    }
    const absolutes = home
      ? [home]
      : path.posix.isAbsolute(posix) || /^[A-Za-z]:\//.test(posix)
        ? [posix]
        : folders.map((f) => path.posix.join(f.replace(/\\/g, '/'), posix));
    for (const absolute of absolutes) {
      const { base, glob } = splitAtGlob(absolute);
      if (!options.trusted && !folders.some((f) => isInside(base, f))) {
        if (!ignored.includes(given)) ignored.push(given);
        continue;
      }
      patterns.push({ base, glob, given });
    }
  }
  return { patterns, ignored };
}

/** "/data/runs/**\/*.jsonl" → base "/data/runs", glob "**\/*.jsonl"; a plain path → its folder and its name. */
export function splitAtGlob(absolute: string): { base: string; glob: string } {
  const normalized = path.posix.normalize(absolute);
  const segments = normalized.split('/');
  const first = segments.findIndex((s) => GLOB_CHARS.test(s));
  const at = first < 0 ? segments.length - 1 : first;
  const base = segments.slice(0, at).join('/') || '/';
  return { base, glob: segments.slice(at).join('/') };
}

/** `child` is `folder` or lies under it (both absolute). */
export function isInside(child: string, folder: string): boolean {
  const relative = path.posix.relative(folder.replace(/\\/g, '/'), child.replace(/\\/g, '/'));
  return relative === '' || (!relative.startsWith('..') && !path.posix.isAbsolute(relative));
}
