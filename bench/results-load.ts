/**
 * Results load benchmark (not a test): a 100,000-line *.nas-results.jsonl file is written to the OS
 * temp directory and loaded with loadResults (read from disk + parse every line + validate and hash
 * every cell + join by canonical hash), each run with a fresh cell cache. Target: ≤ 2 s.
 *
 *   main     NB-201 runs of cells drawn from the whole space (so cells repeat, as seeds of one cell do),
 *            written as arch strings (60 %), {"edges"} (25 %) and {"arch"} (15 %) objects
 *   darts    100,000 runs of 100,000 distinct DARTS cells (no repeats: every line parsed in full),
 *            Genotype(...) strings and {"normal","reduce"} objects, half each
 *   nb101    100,000 runs of 100,000 sampled NB-101 cells, {"matrix","ops"} objects
 *
 * Reports the first (cold) run and the median of RUNS per case, the CPU seconds of each run, and
 * as a yardstick measured under the same load the time JSON.parse alone takes over the same lines;
 * with the machine and its load (os.loadavg before and after, `uptime`). Writes bench/results/results-load.json.
 *
 *   npm run bench:results            (nice -n 10 on a shared machine)
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatCell } from '../src/core/dsl';
import { createRng, type Rng } from '../src/core/rng';
import { getSpace } from '../src/core/spaces';
import { loadResults } from '../src/node/results/read-results';
import { machineAndLoad } from './machine';

const LINES = 100_000;
const RUNS = 5;
const TARGET_SECONDS = 2;

type Case = 'main' | 'darts' | 'nb101';

function cellText(kind: Case, rng: Rng, i: number): string {
  if (kind === 'main') {
    const cell = getSpace('nb201').sample(rng);
    const r = i % 20;
    return r < 12 ? JSON.stringify(formatCell(cell, 'arch-string')) : formatCell(cell, r < 17 ? 'json-edges' : 'json-arch');
  }
  if (kind === 'darts') {
    const cell = getSpace('darts').sample(rng);
    return i % 2 ? JSON.stringify(formatCell(cell, 'genotype')) : formatCell(cell, 'json-darts');
  }
  return formatCell(getSpace('nb101').sample(rng), 'json-nb101');
}

function generate(kind: Case, file: string): void {
  const rng = createRng(2026);
  const lines: string[] = [];
  for (let i = 0; i < LINES; i++) {
    const test = (50 + 45 * rng.next()).toFixed(2);
    const val = (49 + 45 * rng.next()).toFixed(2);
    lines.push(
      `{"cell": ${cellText(kind, rng, i)}, "metrics": {"test_acc": ${test}, "val_acc": ${val}}, "seed": ${i}, "epochs": 200, "source": "bench-recipe", "time": "2026-12-06T21:00:00Z"}`,
    );
  }
  writeFileSync(file, `${lines.join('\n')}\n`);
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(os.tmpdir(), 'nas-lens-bench-results-'));
  const before = machineAndLoad();
  const cases = [];
  for (const kind of ['main', 'darts', 'nb101'] as const) {
    const file = join(dir, `${kind}.nas-results.jsonl`);
    generate(kind, file);
    const seconds: number[] = [];
    const cpuSeconds: number[] = [];
    let summary = { runs: 0, measuredCells: 0, problems: 0 };
    for (let r = 0; r < RUNS; r++) {
      const start = performance.now();
      const cpu = process.cpuUsage();
      const loaded = await loadResults([file]);
      seconds.push((performance.now() - start) / 1000);
      const used = process.cpuUsage(cpu);
      cpuSeconds.push((used.user + used.system) / 1e6);
      summary = { runs: loaded.runs.length, measuredCells: loaded.cells.length, problems: loaded.problems.length };
    }
    // A native baseline on the same machine at the same moment: JSON.parse of every line (no cells, no join).
    const baseline: number[] = [];
    for (let r = 0; r < RUNS; r++) {
      const start = performance.now();
      for (const line of readFileSync(file, 'utf8').split('\n')) if (line) JSON.parse(line);
      baseline.push((performance.now() - start) / 1000);
    }
    if (summary.runs !== LINES || summary.problems) throw new Error(`${kind}: expected ${LINES} runs and no problems, got ${JSON.stringify(summary)}`);
    const entry = {
      case: kind,
      lines: LINES,
      bytes: statSync(file).size,
      ...summary,
      coldSeconds: Number(seconds[0].toFixed(3)),
      medianSeconds: Number(median(seconds).toFixed(3)),
      runsSeconds: seconds.map((s) => Number(s.toFixed(3))),
      runsCpuSeconds: cpuSeconds.map((s) => Number(s.toFixed(3))),
      withinTarget: seconds[0] <= TARGET_SECONDS && median(seconds) <= TARGET_SECONDS,
      jsonParseBaselineMedianSeconds: Number(median(baseline).toFixed(3)),
      timesJsonParse: Number((median(seconds) / median(baseline)).toFixed(2)),
    };
    cases.push(entry);
    console.error(
      `${kind}: ${LINES.toLocaleString('en-US')} lines, ${(entry.bytes / 1e6).toFixed(1)} MB, ${summary.measuredCells.toLocaleString('en-US')} measured cells: cold ${entry.coldSeconds} s, median ${entry.medianSeconds} s (JSON.parse of the lines alone: ${entry.jsonParseBaselineMedianSeconds} s)`,
    );
  }
  rmSync(dir, { recursive: true, force: true });

  const after = machineAndLoad();
  const { loadAverage: loadAverageBefore, uptime: uptimeBefore, ...machine } = before;
  const results = {
    ...machine,
    loadAverageBefore,
    loadAverageAfter: after.loadAverage,
    uptimeBefore,
    uptimeAfter: after.uptime,
    note: 'wall seconds on a shared machine grow with its load (see the load averages); CPU seconds are the process user+system time of each run (GC helper threads included); jsonParseBaselineMedianSeconds: JSON.parse of every line of the same file in the same process, a native yardstick measured under the same load',
    what: 'loadResults([file]): read from disk, parse every line, validate and hash every cell, join by canonical hash (fresh cell cache per run)',
    targetSeconds: TARGET_SECONDS,
    targetCase: 'main',
    cases,
  };
  const out = join(dirname(fileURLToPath(import.meta.url)), 'results', 'results-load.json');
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
  console.log(JSON.stringify(results, null, 2));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
