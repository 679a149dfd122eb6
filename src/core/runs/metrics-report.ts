import { errorMessage } from '../../shared/errors';
/**
 * The reporting contract of a training job: `{out}/metrics.json` holding one JSON object of
 * metrics, or one stdout line `NAS_LENS_METRICS {...}` (the last such line counts). Python's
 * json.dump writes NaN and Infinity as bare words; they are read here so that a NaN metric fails
 * the run with its name instead of failing it as unreadable.
 */
export const METRICS_LINE_PREFIX = 'NAS_LENS_METRICS';

export type MetricsReport =
  | { readonly ok: true; readonly metrics: Readonly<Record<string, number>>; readonly ignored: readonly string[] }
  | { readonly ok: false; readonly reason: 'no-metrics' | 'bad-metric'; readonly message: string };

const NON_FINITE = '\u0000nas-lens-non-finite:';

/** Reads a metrics object; `where` names its origin in messages ("metrics.json", "stdout line 12"). */
export function parseMetricsReport(text: string, where: string): MetricsReport {
  let value: unknown;
  try {
    value = JSON.parse(markNonFinite(text));
  } catch (error) {
    return { ok: false, reason: 'no-metrics', message: `${where} is not JSON: ${errorMessage(error)}` };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { ok: false, reason: 'no-metrics', message: `${where} must hold a JSON object of metrics, e.g. {"test_acc": 97.1}` };
  }
  const metrics: [string, number][] = [];
  const ignored: string[] = [];
  for (const [name, v] of Object.entries(value)) {
    if (typeof v === 'string' && v.startsWith(NON_FINITE)) {
      return { ok: false, reason: 'bad-metric', message: `${where}: metric '${name}' is ${v.slice(NON_FINITE.length)}` };
    }
    if (v === null) return { ok: false, reason: 'bad-metric', message: `${where}: metric '${name}' is null` };
    if (typeof v === 'number') metrics.push([name, v]);
    else ignored.push(name);
  }
  if (!metrics.length) {
    return { ok: false, reason: 'no-metrics', message: `${where} holds no numeric metric${ignored.length ? ` (not numbers: ${ignored.join(', ')})` : ''}` };
  }
  // fromEntries defines own properties: a metric named __proto__ stays a metric.
  return { ok: true, metrics: Object.fromEntries(metrics), ignored };
}

/** The last `NAS_LENS_METRICS {...}` line of a job's stdout, with its 1-based line number. */
export function findMetricsLine(stdout: string): { text: string; line: number } | undefined {
  let found: { text: string; line: number } | undefined;
  let line = 0;
  for (const raw of stdout.split('\n')) {
    line++;
    const trimmed = raw.trim();
    if (trimmed.startsWith(`${METRICS_LINE_PREFIX} `) || trimmed.startsWith(`${METRICS_LINE_PREFIX}\t`)) {
      found = { text: trimmed.slice(METRICS_LINE_PREFIX.length).trim(), line };
    }
  }
  return found;
}

/** Replaces bare NaN / Infinity / -Infinity (outside strings) by marked strings JSON.parse accepts. */
function markNonFinite(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    const m = /^-?(?:NaN|Infinity)\b/.exec(text.slice(i, i + 10));
    if (m) {
      out += JSON.stringify(`${NON_FINITE}${m[0]}`);
      i += m[0].length;
      continue;
    }
    out += c;
    i++;
  }
  return out;
}
