import { rankingReport, type RankingReport } from '../core/metrics';
import { readLabelledCsv } from './labelled-csv';
import { loadSurrogateDir } from './surrogate-files';
import { initTfBackend, type BackendName } from './tf-backend';

export interface EvaluateSurrogateOptions {
  /** Model directory (model.json, weights.bin). */
  readonly model: string;
  readonly data: string;
  readonly target: string;
  readonly backend?: BackendName | 'auto';
}

export interface EvaluationResult extends RankingReport {
  readonly model: string;
  readonly data: string;
  readonly target: string;
  readonly skippedRows: number;
  readonly seconds: number;
}

/** Kendall τ, Spearman ρ, precision@1/5/10 %, NDCG@100 of a saved model on a labelled CSV. */
export async function evaluateSurrogate(options: EvaluateSurrogateOptions): Promise<EvaluationResult> {
  await initTfBackend({ backend: options.backend ?? 'auto' });
  const model = await loadSurrogateDir(options.model);
  try {
    const rows = await readLabelledCsv(options.data, options.target, model.config.space);
    if (rows.cells.length < 2) throw new Error(`${options.data}: fewer than 2 rows with a cell and a finite '${options.target}'`);
    const t = performance.now();
    const scores = model.predict(rows.cells);
    const seconds = (performance.now() - t) / 1000;
    return { model: options.model, data: options.data, target: options.target, skippedRows: rows.skipped, seconds, ...rankingReport(rows.targets, scores) };
  } finally {
    model.dispose();
  }
}
