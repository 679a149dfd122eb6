import { closeSync, createReadStream, existsSync, fstatSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { logTail } from '../../core/runs/log-tail';
import { findMetricsLine, METRICS_LINE_PREFIX, parseMetricsReport, type MetricsReport } from '../../core/runs/metrics-report';
import type { TaskMarkers } from '../../core/runs/task-outcome';
import { TASK_FILES } from '../../core/runs/task-script';

const MAX_METRICS_BYTES = 1024 * 1024;
const TAIL_BYTES = 64 * 1024;

/** The folder of one attempt of a task: out/, stdout.log, stderr.log and the marker files. */
export function attemptDir(runDir: string, task: number, attempt: number): string {
  return join(runDir, TASK_FILES.attempt(task, attempt));
}

/** The task script's marker files; a marker being written is read as absent. */
export function readMarkers(dir: string): TaskMarkers {
  const started = readSmall(join(dir, 'started'));
  const exit = readSmall(join(dir, 'exit'));
  const markers: { started?: TaskMarkers['started']; exit?: TaskMarkers['exit'] } = {};
  if (started) {
    const [epoch, host, job] = started.trim().split(/\s+/);
    const at = isoOfEpoch(epoch);
    if (at) markers.started = { at, ...(host ? { host } : {}), ...(job ? { job } : {}) };
  }
  if (exit) {
    const [what, epoch] = exit.trim().split(/\s+/);
    const at = isoOfEpoch(epoch);
    const m = /^(exit|signal):(\S+)$/.exec(what ?? '');
    if (at && m) markers.exit = m[1] === 'exit' ? { at, code: Number(m[2]) } : { at, signal: `SIG${m[2]}` };
  }
  return markers;
}

/** The run's report: `out/metrics.json`, else the last NAS_LENS_METRICS line of stdout. */
export async function readMetrics(dir: string): Promise<MetricsReport> {
  const file = join(dir, 'out', 'metrics.json');
  if (existsSync(file)) {
    const size = statSync(file).size;
    if (size > MAX_METRICS_BYTES) return { ok: false, reason: 'no-metrics', message: `metrics.json is ${size} bytes; at most ${MAX_METRICS_BYTES} are read` };
    return parseMetricsReport(readFileSync(file, 'utf8'), 'metrics.json');
  }
  const line = await lastMetricsLine(join(dir, 'stdout.log'));
  if (line) return parseMetricsReport(line.text, `stdout line ${line.line}`);
  return { ok: false, reason: 'no-metrics', message: `the job exited 0 but wrote no {out}/metrics.json and printed no '${METRICS_LINE_PREFIX} {…}' line` };
}

/** The last lines of the attempt's stderr and stdout, labelled, for a failure report. */
export function readLogTail(dir: string, lines = 15): string {
  const parts: string[] = [];
  for (const name of ['stderr.log', 'stdout.log']) {
    const tail = logTail(readEnd(join(dir, name), TAIL_BYTES), lines);
    if (tail) parts.push(`${name}:\n${tail}`);
  }
  return parts.join('\n');
}

async function lastMetricsLine(path: string): Promise<{ text: string; line: number } | undefined> {
  if (!existsSync(path)) return undefined;
  if (statSync(path).size <= MAX_METRICS_BYTES) return findMetricsLine(readFileSync(path, 'utf8'));
  let found: { text: string; line: number } | undefined;
  let n = 0;
  const lines = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity });
  for await (const raw of lines) {
    n++;
    if (!raw.includes(METRICS_LINE_PREFIX)) continue;
    const hit = findMetricsLine(raw);
    if (hit) found = { text: hit.text, line: n };
  }
  return found;
}

function readSmall(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

function readEnd(path: string, bytes: number): string {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return '';
  }
  try {
    const size = fstatSync(fd).size;
    const length = Math.min(size, bytes);
    const buffer = Buffer.alloc(length);
    readSync(fd, buffer, 0, length, size - length);
    return buffer.toString('utf8');
  } finally {
    closeSync(fd);
  }
}

function isoOfEpoch(epoch: string | undefined): string | undefined {
  const seconds = Number(epoch?.replace(',', '.'));
  return epoch && Number.isFinite(seconds) ? new Date(Math.round(seconds * 1000)).toISOString() : undefined;
}
