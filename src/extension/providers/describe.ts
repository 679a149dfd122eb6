// The words of the lenses, hints and hover for one analysed cell.
import * as vscode from 'vscode';
import { getSpace } from '../../core/spaces';
import type { RankedCellInfo } from '../analysis/analyzer';
import type { CellRanking } from '../analysis/ranker';
import { COMMANDS } from '../command-ids';
import { DATASET_LABELS, SPACE_SHORT_LABELS, macroFor } from '../../core/catalog';
import { formatCount, formatRank, formatSi, formatSpread, formatTop } from '../../shared/format';
import type { RankModel } from '../models/registry';
import { bandOf } from '../../shared/ranking-terms';
import type { Agreement } from '../../core/results/agreement';
import type { MetricChoice } from '../../core/results/metric-choice';
import { describeRule } from '../../core/results/metric-choice';
import type { MeasuredEntry } from '../../protocol/worker';
import { agreementLong, measuredOrigin, measuredPhrase, measuredValue } from '../results/describe-measured';

/**
 * "Top 2.1% · #330 of 15,625 · 1.1M params" (or why there is no ranking); a cell the user measured:
 * "Top 2.1% predicted · measured 71.20 ±0.15 (3 runs) · 1.1M params" (its predicted rank in the tooltip).
 */
export function lensSummary(c: RankedCellInfo, measured?: MeasuredEntry): string {
  const parts: string[] = [];
  if (c.ranking && measured) parts.push(`Top ${topOf(c.ranking)} predicted${spreadOf(c.ranking)}`);
  else if (c.ranking) parts.push(`Top ${topOf(c.ranking)}${spreadOf(c.ranking)}`, rankOfRanking(c.ranking));
  else if (!c.parsed.valid) parts.push(`Invalid ${SPACE_SHORT_LABELS[c.parsed.space]} cell: ${firstError(c)}`);
  else parts.push(`${SPACE_SHORT_LABELS[c.parsed.space]} · ${c.unranked ?? 'not ranked'}`);
  if (measured) parts.push(measuredPhrase(measured));
  if (c.cost) parts.push(`${formatSi(c.cost.params)} params`);
  return parts.join(' · ');
}

/** "2.1%", or the bound a sampled reference set supports ("< 0.001%") when the score is outside it. */
function topOf(r: CellRanking): string {
  return r.outside ? `${r.top < 50 ? '<' : '>'} ${Number(r.top.toPrecision(5))}%` : formatTop(r.top);
}

/** " (score ±0.045)" for an ensemble's prediction (its members' spread, on the score's scale); "" for one network. */
export function spreadOf(r: CellRanking): string {
  return r.spread !== undefined ? ` (score ${formatSpread(r.spread)})` : '';
}

/** "#330 of 15,625", or, outside the reference set, what the data supports instead of a rank. */
function rankOfRanking(r: CellRanking): string {
  return r.outside ?? formatRank(r.rank, r.spaceSize);
}

export function firstError(c: RankedCellInfo): string {
  const errors = c.parsed.diagnostics.filter((d) => d.severity === 'error');
  const first = errors[0]?.message ?? 'the cell cannot be read';
  const short = first.length > 80 ? `${first.slice(0, 77)}…` : first;
  return errors.length > 1 ? `${short} (+${errors.length - 1} more)` : short;
}

/** The inlay hint after a ranked cell: "Top 2.1% · CIFAR-10"; measured: "Top 2.1% predicted · measured 71.20 (1 run)" (or the measurement alone). */
export function hintLabel(r: CellRanking | undefined, measured?: MeasuredEntry): string {
  // A fitted model ranks by the user's metric, not a benchmark dataset: the hint names the model.
  if (!measured) return r ? `Top ${topOf(r)}${spreadOf(r)} · ${r.model.source === 'fitted' ? fittedFolder(r.model.dir) : DATASET_LABELS[r.dataset]}` : '';
  return r ? `Top ${topOf(r)} predicted${spreadOf(r)} · ${measuredPhrase(measured)}` : measuredPhrase(measured);
}

/** What the hover shows of the user's results: the cell's measurement and the model's agreement with the space's. */
export interface HoverResults {
  readonly measured?: MeasuredEntry;
  readonly agreement?: Agreement;
  readonly choice?: MetricChoice;
  readonly relative: (file: string) => string;
}

export interface DatasetRow {
  readonly label: string;
  readonly ranking?: CellRanking;
  readonly unranked?: string;
}

/** The hover: top %, band and predicted rank per dataset, score, params/FLOPs, the model card's figures. */
export function hoverMarkdown(c: RankedCellInfo, datasets: readonly DatasetRow[], args: unknown, results?: HoverResults): vscode.MarkdownString {
  const md = new vscode.MarkdownString('', true);
  md.isTrusted = { enabledCommands: [COMMANDS.searchAround, COMMANDS.chooseDataset, COMMANDS.showResults, COMMANDS.chooseResultsMetric] };
  const space = getSpace(c.parsed.space);
  md.appendMarkdown(`**NAS Lens · ${escape(c.parsed.name)}** — ${space.label}\n\n`);
  if (!c.parsed.valid) {
    md.appendMarkdown(`Invalid cell: ${escape(firstError(c))}\n`);
    return md;
  }
  const r = c.ranking;
  if (r) {
    md.appendMarkdown(
      `**Top ${topOf(r)}** (${bandOf(r.top)}) · predicted ${rankOfRanking(r)} on ${DATASET_LABELS[r.dataset]} · score ${r.score.toFixed(3)}${r.spread !== undefined ? ` ${formatSpread(r.spread)} (spread of the model's ${r.model.card?.fitted?.members ?? 'several'} networks)` : ''}\n\n`,
    );
  } else {
    md.appendMarkdown(`${escape(c.unranked ?? 'not ranked')}\n\n`);
  }
  md.appendMarkdown('| dataset | top % | predicted rank | band |\n|:--|--:|--:|:--|\n');
  for (const d of datasets) {
    if (d.ranking) md.appendMarkdown(`| ${d.label} | ${topOf(d.ranking)} | ${rankOfRanking(d.ranking)} | ${bandOf(d.ranking.top)} |\n`);
    else md.appendMarkdown(`| ${d.label} | — | ${escape(d.unranked ?? '')} | |\n`);
  }
  md.appendMarkdown('\n');
  if (c.cost) {
    const macroId = macroFor(c.parsed.space, c.dataset) ?? space.macros[0]?.id;
    const macro = space.macros.find((m) => m.id === macroId);
    md.appendMarkdown(
      `Params **${formatSi(c.cost.params)}** (${formatCount(c.cost.params)})${c.cost.flops !== undefined ? ` · FLOPs **${formatSi(c.cost.flops)}**` : ''}${macro ? ` — ${escape(macro.label)}` : ''}\n\n`,
    );
  }
  const card = r?.model.card;
  if (r) {
    const v = card?.validation;
    const fitted = card?.fitted;
    const figures =
      fitted?.kendallTau !== undefined
        ? `cross-validated Kendall τ on your cells ${fitted.kendallTau.toFixed(3)}${fitted.priorKendallTau !== undefined ? ` vs ${fitted.priorKendallTau.toFixed(3)} for ${fitted.prior ?? 'the prior'} as it is` : ''}`
        : v
          ? `held-out Kendall τ ${v.kendallTau.toFixed(3)}, Spearman ρ ${v.spearmanRho.toFixed(3)}, precision@5% ${v.precisionAt5.toFixed(2)}, precision@10% ${v.precisionAt10.toFixed(2)} (${formatCount(v.n)} cells)`
          : 'no evaluation figures in its card';
    md.appendMarkdown(
      `Model ${code(r.model.source === 'fitted' ? fittedFolder(r.model.dir) : (card?.name ?? r.model.dir))}${SOURCE_NOTE[r.model.source]}: ${figures}. Ranks are predictions over ${escape(r.model.calibration.reference)}.\n\n`,
    );
  }
  if (results) appendResults(md, c, results);
  const a = encodeURIComponent(JSON.stringify(args));
  md.appendMarkdown(`[Search around](command:${COMMANDS.searchAround}?${a}) · [Choose dataset](command:${COMMANDS.chooseDataset})`);
  if (results?.choice) md.appendMarkdown(` · [Show results](command:${COMMANDS.showResults})`);
  return md;
}

/** The user's measurement of the cell (never folded into the prediction above it) and the model's agreement with the space's results. */
function appendResults(md: vscode.MarkdownString, c: RankedCellInfo, r: HoverResults): void {
  const m = r.measured;
  if (m) {
    md.appendMarkdown(
      `**Measured** ${code(m.metric)} **${escape(measuredValue(m))}**${m.runs > 1 ? ' (mean ± sample std)' : ''} · ${escape(measuredOrigin(m, r.relative))}\n\n`,
    );
  }
  if (!r.choice?.metric) return;
  const space = SPACE_SHORT_LABELS[c.parsed.space];
  const metric = `${code(r.choice.metric)} (${describeRule(r.choice.rule)})`;
  const model = c.ranking ? code(c.ranking.model.card?.name ?? c.ranking.model.dir) : 'the model';
  if (r.agreement) md.appendMarkdown(`Agreement of ${model} with your ${space} results, ${metric}: ${escape(agreementLong(r.agreement))}\n\n`);
  else if (c.ranking) md.appendMarkdown(`Agreement of ${model} with your ${space} results, ${metric}: not available (see Output › NAS Lens)\n\n`);
}

const SOURCE_NOTE: Record<RankModel['source'], string> = { bundled: '', custom: ' (custom folder)', fitted: ' (fitted to your results)' };

/** .nas-lens/models/<folder> → <folder>. */
function fittedFolder(dir: string): string {
  return dir.split(/[\\/]/).filter(Boolean).at(-1) ?? dir;
}

/** A code span: Markdown escapes are literal inside one, so none are added; a backtick in the text would end it and becomes ʹ. */
function code(s: string): string {
  return `\`${s.replace(/`/g, 'ʹ').replace(/[\r\n]+/g, ' ')}\``;
}

function escape(s: string): string {
  return s.replace(/[\\`*_[\]<>|]/g, (ch) => `\\${ch}`);
}
