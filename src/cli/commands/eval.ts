// `nas-lens eval`: a model folder's ranking quality on a labelled CSV.
import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { evaluateSurrogate } from '../../node/evaluate-surrogate';
import type { BackendName } from '../../node/tf-backend';
import { formatInteger } from '../../shared/format';
import { backendOption } from '../options';
import { printJson, table } from '../output';

interface EvalOptions {
  model: string;
  data: string;
  target: string;
  backend: BackendName | 'auto';
  json?: boolean;
}

export function registerEvalCommand(program: Command): void {
  program
    .command('eval')
    .description('evaluate a model directory on a labelled CSV: Kendall τ, Spearman ρ, precision@1/5/10 %, NDCG@100')
    .requiredOption('--model <dir>', 'model directory (model.json, weights.bin)')
    .requiredOption('--data <csv>', 'labelled table in the shared-data formats')
    .requiredOption('--target <column>', 'target column, higher = better')
    .addOption(backendOption())
    .option('--json', 'print the result object as JSON')
    .action(async (options: EvalOptions) => {
      await evalCommand(options);
    });
}

async function evalCommand(options: EvalOptions): Promise<void> {
  const modelDir = resolve(options.model);
  if (!existsSync(modelDir)) throw new Error(`no model directory ${modelDir}`);
  if (!existsSync(options.data)) throw new Error(`--data: ${options.data} does not exist`);
  const result = await evaluateSurrogate({ model: modelDir, data: options.data, target: options.target, backend: options.backend });
  if (options.json) {
    printJson(result);
    return;
  }
  console.log(
    `${result.model} on ${result.data} (${result.target}): ${formatInteger(result.n)} cells, ${formatInteger(result.skippedRows)} rows skipped, scored in ${result.seconds.toFixed(2)} s`,
  );
  console.log(
    table(
      ['metric', 'value'],
      [
        ['Kendall τ', result.kendallTau.toFixed(4)],
        ['Spearman ρ', result.spearmanRho.toFixed(4)],
        ['precision@1%', result.precisionAt1.toFixed(4)],
        ['precision@5%', result.precisionAt5.toFixed(4)],
        ['precision@10%', result.precisionAt10.toFixed(4)],
        ['NDCG@100', result.ndcgAt100.toFixed(4)],
        ['n', formatInteger(result.n)],
        ['skipped rows', formatInteger(result.skippedRows)],
      ],
    ),
  );
}
