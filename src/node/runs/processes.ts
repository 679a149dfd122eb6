import { readFileSync } from 'node:fs';

/** True when a process with this id exists (and is not a zombie). */
export function processIsAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  const stat = procStat(pid);
  return stat === undefined || stat.state !== 'Z';
}

/**
 * The kernel's start time of a process (clock ticks since boot, /proc/PID/stat field 22): with the
 * pid, a unique name for one process, so a recycled pid is never mistaken for a run's process.
 * Undefined where /proc is absent.
 */
export function processStartTime(pid: number): string | undefined {
  return procStat(pid)?.start;
}

/** True when `pid` is alive and, where known, is the process that started at `start`. */
export function isSameProcess(pid: number, start: string | undefined): boolean {
  if (!processIsAlive(pid)) return false;
  if (start === undefined) return true;
  const now = processStartTime(pid);
  return now === undefined || now === start;
}

function procStat(pid: number): { state: string; start: string } | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The command name (field 2) is in parentheses and may hold spaces: split after its last ')'.
  const rest = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return { state: rest[0], start: rest[19] };
}
