/**
 * Writes the README's model-card section from media/models/<name>/card.json (between the
 * `<!-- model-cards -->` and `<!-- /model-cards -->` markers), so that the README states what ships.
 *   npx tsx bench/model-cards.ts [--check]   (--check: exit 1 when the README is out of date)
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { ModelCard } from '../src/node/train-surrogate';

const root = join(__dirname, '..');
const modelsDir = join(root, 'media', 'models');
const START = '<!-- model-cards -->';
const END = '<!-- /model-cards -->';

function fmt(n: number, digits = 3): string {
  return n.toFixed(digits);
}

function dataOf(card: ModelCard): string {
  const byFile = new Map<string, { rows: number; used: number; weight: number; parts: number }>();
  for (const d of card.data) {
    const file = basename(d.file).replace(/#.*$/, '');
    const e = byFile.get(file) ?? { rows: 0, used: 0, weight: d.weight, parts: 0 };
    byFile.set(file, { rows: e.rows + d.rows, used: e.used + d.usedRows, weight: d.weight, parts: e.parts + 1 });
  }
  return [...byFile]
    .map(([file, e]) => `\`${file}\` ${e.used.toLocaleString('en-US')}${e.parts > 1 ? ` (${e.parts} sources)` : ''}${e.weight !== 1 ? ` ×${e.weight}` : ''}`)
    .join(', ');
}

function section(cards: ModelCard[]): string {
  const rows = cards.map((c) => {
    const v = c.evaluation.validation;
    const cv = c.evaluation.crossValidation;
    const h = c.hyperparameters;
    return (
      `| \`${c.name}\` | ${dataOf(c)} | \`${c.target}\` | ${c.loss}${c.pairs ? ', pairs within a source' : ''} | ` +
      `${c.architecture.layers}×${c.architecture.hidden}, ${h.members} net${h.members > 1 ? 's' : ''}, ${c.training.epochsRun} epochs run, batch ${h.batchSize}, lr ${h.learningRate} | ` +
      `${v ? `τ ${fmt(v.kendallTau)}, ρ ${fmt(v.spearmanRho)}, P@5% ${fmt(v.precisionAt5, 2)} on ${v.n.toLocaleString('en-US')} held-out` : cv ? `τ ${fmt(cv.kendallTau)} on held-out real cells (cross-validation; params ${fmt(cv.paramsBaselineTau)})` : 'none'} | ` +
      `${Math.round(c.training.seconds)} s (${Math.round(c.training.cpuSeconds)} s CPU) | ${(c.weights.bytes / 1024).toFixed(0)} KiB, \`${c.weights.sha256.slice(0, 12)}…\` | ` +
      `${c.calibration ? c.calibration.reference : 'none'} |`
    );
  });
  return [
    START,
    '| model | data (rows used) | target | loss | network and schedule | evaluation | training time | weights (sha256) | calibration reference |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows,
    END,
  ].join('\n');
}

const cards = readdirSync(modelsDir)
  .sort()
  .map((name) => JSON.parse(readFileSync(join(modelsDir, name, 'card.json'), 'utf8')) as ModelCard);
const readmePath = join(root, 'README.md');
const readme = readFileSync(readmePath, 'utf8');
const start = readme.indexOf(START),
  end = readme.indexOf(END);
if (start < 0 || end < 0) throw new Error(`README.md has no ${START} … ${END} markers`);
const next = readme.slice(0, start) + section(cards) + readme.slice(end + END.length);
if (process.argv.includes('--check')) {
  if (next !== readme) {
    console.error('README.md model cards are out of date: run npx tsx bench/model-cards.ts');
    process.exit(1);
  }
} else {
  writeFileSync(readmePath, next);
  console.log(`README.md: ${cards.length} model cards`);
}
