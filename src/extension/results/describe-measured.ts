// The words for the user's measurements and the model's agreement with them, in the lenses, hints,
// hover, status bar and the Results view. A measured value is always called "measured" and a
// prediction "predicted": the two are never shown as one number. vscode-free.
import type { Agreement } from '../../core/results/agreement';
import { AGREEMENT_MIN_CELLS } from '../../core/results/agreement';
import type { MeasuredEntry } from '../../protocol/worker';
import { formatCount, formatInterval, formatMeasured } from '../../shared/format';

type Measured = Pick<MeasuredEntry, 'mean' | 'std' | 'runs'>;

/** "71.20 ±0.15 (3 runs)"; one run: "71.20 (1 run)" (one run has no spread to show). */
export function measuredValue(m: Measured): string {
  const spread = m.runs > 1 ? ` ±${formatMeasured(m.std, m.mean)}` : '';
  return `${formatMeasured(m.mean)}${spread} (${formatCount(m.runs)} run${m.runs === 1 ? '' : 's'})`;
}

/** "measured 71.20 ±0.15 (3 runs)". */
export function measuredPhrase(m: Measured): string {
  return `measured ${measuredValue(m)}`;
}

/** Where a measured cell's runs come from: "sources my-recipe, baseline · files runs.nas-results.jsonl:3, old.nas-results.csv". */
export function measuredOrigin(m: Pick<MeasuredEntry, 'sources' | 'files' | 'file' | 'line'>, relative: (file: string) => string): string {
  const files = m.files.map((f) => (f === m.file ? `${relative(f)}:${m.line}` : relative(f)));
  const parts = [];
  if (m.sources.length) parts.push(`source${m.sources.length === 1 ? '' : 's'} ${m.sources.join(', ')}`);
  parts.push(`${files.length === 1 ? 'file' : 'files'} ${files.join(', ')}`);
  return parts.join(' · ');
}

/** "test_acc: mean 71.20 of 3 runs, sample std 0.15": the tooltip of a lens or hint. */
export function measuredDetail(m: Pick<MeasuredEntry, 'metric' | 'mean' | 'std' | 'runs'>): string {
  if (m.runs === 1) return `${m.metric}: ${formatMeasured(m.mean)}, one run`;
  return `${m.metric}: mean ${formatMeasured(m.mean)} of ${formatCount(m.runs)} runs, sample std ${formatMeasured(m.std, m.mean)}`;
}

/** "τ 0.812 [0.780, 0.840] · ρ 0.951 [0.930, 0.962] · 90 % interval · n = 120", or why there is no figure yet. */
export function agreementShort(a: Agreement): string {
  if (a.kind === 'not-yet-meaningful') return notYetMeaningful(a);
  return `τ ${formatInterval(a.kendallTau)} · ρ ${formatInterval(a.spearmanRho)} · ${Math.round(a.level * 100)} % interval · n = ${formatCount(a.n)}`;
}

/** "Kendall τ 0.812 [0.780, 0.840], Spearman ρ 0.951 [0.930, 0.962] (90 % bootstrap interval, 1,000 resamples) on 120 measured cells". */
export function agreementLong(a: Agreement): string {
  if (a.kind === 'not-yet-meaningful') return notYetMeaningful(a);
  return (
    `Kendall τ ${formatInterval(a.kendallTau)}, Spearman ρ ${formatInterval(a.spearmanRho)} ` +
    `(${Math.round(a.level * 100)} % bootstrap interval, ${formatCount(a.resamples)} resamples) on ${formatCount(a.n)} measured cells`
  );
}

/** "not yet meaningful (n = 5 < 8)", or why there is no order to agree with. */
function notYetMeaningful(a: Extract<Agreement, { kind: 'not-yet-meaningful' }>): string {
  return a.reason === 'too-few-cells' ? `not yet meaningful (n = ${formatCount(a.n)} < ${AGREEMENT_MIN_CELLS})` : `not yet meaningful (${a.message})`;
}
