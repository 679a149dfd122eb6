import type { Command } from 'commander';
import { basename } from 'node:path';
import { measureAgreement, type Agreement } from '../../core/results/agreement';
import type { JoinedCell } from '../../core/results/join';
import { describeRule, type MetricChoice } from '../../core/results/metric-choice';
import type { ResultProblem } from '../../core/results/runs';
import { getSpace, spaceOf } from '../../core/spaces';
import type { SpaceId } from '../../core/spaces/types';
import { readInputs, type InputCell, type InputProblem } from '../../node/read-inputs';
import { DEFAULT_RESULTS_GLOB, findResultsFiles } from '../../node/results/find-results';
import { isResultsFileName, loadResults, type LoadedResults } from '../../node/results/read-results';
import { printJson, reportProblems, table, topColumn } from '../output';
import type { DatasetId } from '../../core/catalog';
import { formatCount, formatInterval, formatMeasured } from '../../shared/format';
import { datasetOption, seedOption } from '../options';
import { rankCells, spaceSizes, type RankedRow } from './rank';

interface ResultsOptions {
  results?: string[];
  metric?: string;
  model?: string;
  dataset: DatasetId;
  seed: number;
  json?: boolean;
}

/** `nas-lens results`: measured results joined to cells by canonical hash, next to the model's prediction. */
export function registerResultsCommands(program: Command): void {
  program
    .command('results')
    .description(
      'join measured results to cells by canonical hash: runs, mean and std of each cell next to its predicted score, top % and rank, ' +
        "and the model's agreement with the measurements (Kendall τ, Spearman ρ, 90 % bootstrap interval)",
    )
    .argument(
      '[files...]',
      'cell files as rank reads them (DSL, Python/text, CSV); a results file (*.nas-results.jsonl|csv[.gz]) among them lists its measured cells; ' +
        'no FILES lists every measured cell',
    )
    .option(
      '--results <globs...>',
      `results files or globs (*.nas-results.jsonl, benchmark CSVs with metric columns; default ${DEFAULT_RESULTS_GLOB} unless FILES name one)`,
    )
    .option('--metric <name>', 'the metric to rank by (default per space: the first test metric, else the first validation metric, else the first)')
    .option('--model <dir>', 'predict with this model directory instead of the bundled ones')
    .addOption(datasetOption('the bundled model to predict with (NB-201; NB-101 and DARTS have cifar10 only)'))
    .addOption(seedOption('seed of the bootstrap interval'))
    .option('--json', 'print {"results", "metrics", "cells", "agreement", "problems"} as JSON')
    .action(async (files: string[], options: ResultsOptions) => {
      await resultsCommand(files, options);
    });
}

interface CellRow {
  readonly name: string;
  readonly space: SpaceId;
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly hash: string | null;
  readonly measured: { metric: string; runs: number; mean: number; std: number } | null;
  /** rank is null and `outside` says the bound when the score is outside the model's sampled reference set. */
  readonly predicted: { score: number; topPercent: number; rank: number | null; of: number | null; model: string; outside?: string } | null;
}

interface SpaceAgreement {
  readonly space: SpaceId;
  readonly metric: string;
  readonly model: string | null;
  readonly agreement: Agreement;
}

async function resultsCommand(files: string[], options: ResultsOptions): Promise<void> {
  const { seed } = options;
  const namedResults = files.filter(isResultsFileName);
  const cellFiles = files.filter((f) => !isResultsFileName(f));
  const patterns = options.results ?? (namedResults.length ? [] : [DEFAULT_RESULTS_GLOB]);
  const found = await findResultsFiles(patterns, process.cwd());
  if (options.results) for (const p of found.unmatched) console.error(`nas-lens: warning: --results '${p}' matches no file`);
  const resultsFiles = [...namedResults, ...found.files];
  if (!resultsFiles.length) {
    throw new Error(`no results file: pass --results FILE|GLOB or a *.nas-results.jsonl file (looked for ${patterns.join(', ')} under ${process.cwd()})`);
  }

  const loaded = await loadResults(resultsFiles, { ...(options.metric !== undefined ? { metric: options.metric } : {}) });
  if (options.metric !== undefined && loaded.runs.length && !loaded.metrics.some((m) => m.metric === options.metric)) {
    const available = [...new Set(loaded.metrics.flatMap((m) => m.available))];
    throw new Error(`no run has the metric '${options.metric}'; the results have ${available.map((m) => `'${m}'`).join(', ')}`);
  }
  const inputs = await readInputs(cellFiles);

  // Every measured cell is scored (the agreement needs them all); those of results files named in FILES are listed too.
  const measuredInputs = new Map<JoinedCell, InputCell>(loaded.cells.map((m) => [m, asInputCell(m)]));
  const listedFromResults =
    files.length === 0 ? [...measuredInputs.values()] : loaded.cells.filter((m) => namedResults.includes(m.file)).map((m) => measuredInputs.get(m)!);
  const listed = [...inputs.cells, ...listedFromResults];
  const ranked = await rankCells([...inputs.cells, ...measuredInputs.values()], {
    dataset: options.dataset,
    ...(options.model ? { model: options.model } : {}),
  });
  const sizes = spaceSizes(ranked.slots);

  const rows = listed.map((c): CellRow => {
    const hash = c.cell ? spaceOf(c.cell).hash(c.cell) : null;
    const measured = hash !== null ? loaded.index.get(c.space, hash) : undefined;
    const prediction = ranked.byCell.get(c);
    return {
      name: c.name,
      space: c.space,
      file: c.file,
      line: c.line,
      column: c.column,
      hash,
      measured: measured ? { metric: measured.metric, runs: measured.runs, mean: measured.mean, std: measured.std } : null,
      predicted: prediction ? predicted(prediction, sizes) : null,
    };
  });
  const agreement = agreements(loaded, measuredInputs, ranked.byCell, seed);
  const problems: (ResultProblem | InputProblem)[] = [...inputs.problems, ...inputs.cells.flatMap((c) => c.problems), ...loaded.problems, ...ranked.problems];

  if (options.json) {
    printJson({
      results: { files: loaded.files, runs: loaded.runs.length, measuredCells: loaded.cells.length },
      metrics: loaded.metrics,
      cells: rows,
      agreement,
      problems,
    });
  } else {
    printText(rows, loaded, agreement);
  }
  reportProblems(problems);
  if (problems.some((p) => p.severity === 'error')) process.exitCode = 1;
}

/** A measured cell as a cell input, located at its first run. */
function asInputCell(m: JoinedCell): InputCell {
  return { name: m.name ?? `${basename(m.file)}:${m.line}`, space: m.space, cell: m.cell, file: m.file, line: m.line, column: 1, problems: [] };
}

function predicted(row: RankedRow, sizes: ReadonlyMap<string, number>) {
  // rank's `percentile` is the share of the space predicted better: the top %.
  return {
    score: row.score,
    topPercent: row.percentile,
    rank: row.rank,
    of: sizes.get(row.model) ?? null,
    model: row.model,
    ...(row.outside ? { outside: row.outside } : {}),
  };
}

/** Per space with a chosen metric: the model's agreement with the mean of every measured cell it scored. */
function agreements(
  loaded: LoadedResults,
  inputs: ReadonlyMap<JoinedCell, InputCell>,
  byCell: ReadonlyMap<InputCell, RankedRow>,
  seed: number,
): SpaceAgreement[] {
  return loaded.metrics.flatMap((choice: MetricChoice) => {
    if (choice.metric === undefined) return [];
    const scored = loaded.cells
      .filter((m) => m.space === choice.space)
      .flatMap((m) => {
        const row = byCell.get(inputs.get(m)!);
        return row ? [{ row, m }] : [];
      });
    const models = [...new Set(scored.map((s) => s.row.model))];
    const agreement = measureAgreement(
      scored.map((s) => s.row.score),
      scored.map((s) => s.m.mean),
      { seed },
    );
    return [{ space: choice.space, metric: choice.metric, model: models.length ? models.join(', ') : null, agreement }];
  });
}

function printText(rows: readonly CellRow[], loaded: LoadedResults, agreement: readonly SpaceAgreement[]): void {
  if (rows.length) {
    console.log(
      table(
        ['name', 'space', 'runs', 'mean', 'std', 'predicted score', 'top %', 'rank'],
        rows.map((r) => [
          r.name,
          r.space,
          r.measured ? String(r.measured.runs) : '-',
          r.measured ? formatMeasured(r.measured.mean) : '-',
          r.measured && r.measured.runs > 1 ? formatMeasured(r.measured.std, r.measured.mean) : '-',
          r.predicted ? r.predicted.score.toFixed(4) : '-',
          r.predicted ? topColumn(r.predicted.topPercent, r.predicted.outside) : '-',
          !r.predicted
            ? '-'
            : r.predicted.rank === null
              ? (r.predicted.outside ?? '-')
              : `${formatCount(r.predicted.rank, { exponentDigits: 2 })} of ${formatCount(r.predicted.of ?? NaN, { exponentDigits: 2 })}`,
        ]),
      ),
    );
    console.log('');
  }
  console.log(
    `${loaded.runs.length.toLocaleString('en-US')} runs in ${loaded.files.length} results file${loaded.files.length === 1 ? '' : 's'}, ${loaded.cells.length.toLocaleString('en-US')} measured cells`,
  );
  for (const choice of loaded.metrics) {
    const label = getSpace(choice.space).label;
    if (choice.metric === undefined) {
      console.log(`${label}: no run has the chosen metric (available: ${choice.available.join(', ')})`);
      continue;
    }
    const others = choice.available.filter((m) => m !== choice.metric);
    const a = agreement.find((x) => x.space === choice.space);
    const head = `${label}: ${choice.metric} (${describeRule(choice.rule)}${others.length ? `; also ${others.join(', ')}` : ''})`;
    console.log(`${head}\n  ${a ? describeAgreement(a) : 'no agreement'}`);
  }
}

function describeAgreement(a: SpaceAgreement): string {
  const r = a.agreement;
  if (!a.model) return 'agreement: no model predicts these cells (see the problems)';
  if (r.kind === 'not-yet-meaningful') return `agreement with ${a.model}: not yet meaningful (${r.message})`;
  return (
    `agreement with ${a.model} on ${r.n.toLocaleString('en-US')} measured cells: Kendall τ ${formatInterval(r.kendallTau)}, Spearman ρ ${formatInterval(r.spearmanRho)} ` +
    `(${Math.round(r.level * 100)} % bootstrap interval, ${r.resamples.toLocaleString('en-US')} resamples, seed ${r.seed})`
  );
}
