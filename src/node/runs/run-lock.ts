import { openSync, readFileSync, unlinkSync, writeSync, closeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { processIsAlive } from './processes';

const LOCK = 'lock';
const HOST = hostname();

export class RunLockedError extends Error {}

/**
 * Runs `fn` holding the run folder's lock file (created with O_EXCL). A lock left by a process that
 * died on this host is taken over; one held by a live process is waited for, up to `timeoutMs`.
 * Critical sections are short (one look at the scheduler, one submission).
 */
export async function withRunLock<T>(dir: string, fn: () => Promise<T>, timeoutMs = 120_000): Promise<T> {
  const path = join(dir, LOCK);
  const deadline = Date.now() + timeoutMs;
  let wait = 5;
  for (;;) {
    if (tryCreate(path)) break;
    const holder = readHolder(path);
    if (holder && holder.host === HOST && holder.pid !== process.pid && !processIsAlive(holder.pid)) {
      // Re-read just before removing so that a lock taken over meanwhile by a live process stays.
      if (readFileSafe(path) === holder.text) unlinkQuiet(path);
      continue;
    }
    if (Date.now() > deadline) {
      throw new RunLockedError(
        `the run in ${dir} is locked by ${holder ? `process ${holder.pid} on ${holder.host}` : 'another process'}; try again, or remove ${path} if that process is gone`,
      );
    }
    await new Promise((r) => setTimeout(r, wait));
    wait = Math.min(200, wait * 2);
  }
  try {
    return await fn();
  } finally {
    unlinkQuiet(path);
  }
}

function tryCreate(path: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    writeSync(fd, `${process.pid} ${HOST} ${new Date().toISOString()}\n`);
  } finally {
    closeSync(fd);
  }
  return true;
}

function readHolder(path: string): { pid: number; host: string; text: string } | undefined {
  const text = readFileSafe(path);
  if (text === undefined) return undefined;
  const [pid, host] = text.trim().split(/\s+/);
  // An empty lock file: its writer is between open and write; treat as held.
  if (!pid) return undefined;
  return { pid: Number(pid), host: host ?? '', text };
}

function readFileSafe(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

function unlinkQuiet(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // already gone
  }
}
