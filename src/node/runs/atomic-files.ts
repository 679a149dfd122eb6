import { closeSync, openSync, renameSync, writeFileSync, writeSync, fsyncSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

/** Replaces a file in one step (write a temporary file, then rename): readers see the old or the new text, never part of one. */
export function writeFileAtomic(path: string, text: string): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

/**
 * Appends one whole line with a single write on a file opened with O_APPEND, so that a reader or
 * another writer never sees half a line.
 */
export function appendLineAtomic(path: string, line: string): void {
  if (line.includes('\n')) throw new Error('a results line cannot hold a line break');
  mkdirSync(dirname(path), { recursive: true });
  const bytes = Buffer.from(`${line}\n`, 'utf8');
  const fd = openSync(path, 'a');
  try {
    const written = writeSync(fd, bytes, 0, bytes.length);
    if (written !== bytes.length) throw new Error(`only ${written} of ${bytes.length} bytes of a results line reached ${path}`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
