import type { BenchRun } from './surrogate-protocol';

export interface SummaryRow {
  readonly space: string;
  readonly loss: string;
  readonly n: number;
  readonly seeds: number;
  readonly tauMean: number;
  readonly tauStd: number;
  readonly rhoMean: number;
  readonly precisionAt5Mean: number;
  readonly ndcgAt100Mean: number;
  readonly secondsMean: number;
  readonly cpuSecondsMean: number;
  readonly target?: number;
  readonly reference?: number;
}

const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
const std = (v: number[]) => (v.length < 2 ? 0 : Math.sqrt(v.reduce((a, b) => a + (b - mean(v)) ** 2, 0) / (v.length - 1)));

/** Mean and sample std over seeds for every (loss, n). */
export function summarise(space: string, runs: readonly BenchRun[], goals: Record<number, { target: number; reference: number }>): SummaryRow[] {
  const groups = new Map<string, BenchRun[]>();
  for (const r of runs) {
    const key = `${r.loss}|${r.n}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  return [...groups.values()]
    .map((g) => {
      const goal = goals[g[0].n];
      return {
        space,
        loss: g[0].loss,
        n: g[0].n,
        seeds: g.length,
        tauMean: mean(g.map((r) => r.test.kendallTau)),
        tauStd: std(g.map((r) => r.test.kendallTau)),
        rhoMean: mean(g.map((r) => r.test.spearmanRho)),
        precisionAt5Mean: mean(g.map((r) => r.test.precisionAt5)),
        ndcgAt100Mean: mean(g.map((r) => r.test.ndcgAt100)),
        secondsMean: mean(g.map((r) => r.seconds)),
        cpuSecondsMean: mean(g.map((r) => r.cpuSeconds)),
        ...(goal ? { target: goal.target, reference: goal.reference } : {}),
      };
    })
    .sort((a, b) => a.n - b.n || a.loss.localeCompare(b.loss));
}

const f3 = (v: number) => v.toFixed(3);

export function markdownTable(rows: readonly SummaryRow[]): string {
  const lines = [
    '| space | n train | loss | seeds | Kendall τ (mean ± sd) | target (reference) | Spearman ρ | P@5 % | NDCG@100 | wall s / run | CPU s / run |',
    '| --- | ---: | --- | ---: | --- | --- | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const r of rows) {
    const goal = r.target !== undefined ? `≥ ${r.target} (${r.reference})${r.loss !== 'mse' ? (r.tauMean >= r.target ? ' ✓' : ' ✗') : ''}` : '';
    lines.push(
      `| ${r.space} | ${r.n.toLocaleString('en-US')} | ${r.loss} | ${r.seeds} | ${f3(r.tauMean)} ± ${f3(r.tauStd)} | ${goal} | ${f3(r.rhoMean)} | ${f3(r.precisionAt5Mean)} | ${f3(r.ndcgAt100Mean)} | ${r.secondsMean.toFixed(0)} | ${r.cpuSecondsMean.toFixed(0)} |`,
    );
  }
  return lines.join('\n');
}
