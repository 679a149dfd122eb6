// The words of the lenses, hints and hover for one analysed cell.
import * as vscode from 'vscode';
import { getSpace } from '../../core/spaces';
import type { RankedCellInfo } from '../analysis/analyzer';
import type { CellRanking } from '../analysis/ranker';
import { COMMANDS } from '../command-ids';
import { DATASET_LABELS, SPACE_SHORT_LABELS, macroFor } from '../../core/catalog';
import { formatCount, formatRank, formatSi, formatTop } from '../../shared/format';
import { bandOf } from '../../shared/ranking-terms';

/** "Top 2.1% · #330 of 15,625 · 1.1M params" (or why there is no ranking). */
export function lensSummary(c: RankedCellInfo): string {
  const parts: string[] = [];
  if (c.ranking) parts.push(`Top ${formatTop(c.ranking.top)}`, formatRank(c.ranking.rank, c.ranking.spaceSize));
  else if (!c.parsed.valid) parts.push(`Invalid ${SPACE_SHORT_LABELS[c.parsed.space]} cell: ${firstError(c)}`);
  else parts.push(`${SPACE_SHORT_LABELS[c.parsed.space]} · ${c.unranked ?? 'not ranked'}`);
  if (c.cost) parts.push(`${formatSi(c.cost.params)} params`);
  return parts.join(' · ');
}

export function firstError(c: RankedCellInfo): string {
  const errors = c.parsed.diagnostics.filter((d) => d.severity === 'error');
  const first = errors[0]?.message ?? 'the cell cannot be read';
  const short = first.length > 80 ? `${first.slice(0, 77)}…` : first;
  return errors.length > 1 ? `${short} (+${errors.length - 1} more)` : short;
}

/** The inlay hint after a ranked cell: "Top 2.1% · CIFAR-10". */
export function hintLabel(r: CellRanking): string {
  return `Top ${formatTop(r.top)} · ${DATASET_LABELS[r.dataset]}`;
}

export interface DatasetRow {
  readonly label: string;
  readonly ranking?: CellRanking;
  readonly unranked?: string;
}

/** The hover: top %, band and predicted rank per dataset, score, params/FLOPs, the model card's figures. */
export function hoverMarkdown(c: RankedCellInfo, datasets: readonly DatasetRow[], args: unknown): vscode.MarkdownString {
  const md = new vscode.MarkdownString('', true);
  md.isTrusted = { enabledCommands: [COMMANDS.searchAround, COMMANDS.chooseDataset] };
  const space = getSpace(c.parsed.space);
  md.appendMarkdown(`**NAS Lens · ${escape(c.parsed.name)}** — ${space.label}\n\n`);
  if (!c.parsed.valid) {
    md.appendMarkdown(`Invalid cell: ${escape(firstError(c))}\n`);
    return md;
  }
  const r = c.ranking;
  if (r) {
    md.appendMarkdown(
      `**Top ${formatTop(r.top)}** (${bandOf(r.top)}) · predicted ${formatRank(r.rank, r.spaceSize)} on ${DATASET_LABELS[r.dataset]} · score ${r.score.toFixed(3)}\n\n`,
    );
  } else {
    md.appendMarkdown(`${escape(c.unranked ?? 'not ranked')}\n\n`);
  }
  md.appendMarkdown('| dataset | top % | predicted rank | band |\n|:--|--:|--:|:--|\n');
  for (const d of datasets) {
    if (d.ranking)
      md.appendMarkdown(`| ${d.label} | ${formatTop(d.ranking.top)} | ${formatRank(d.ranking.rank, d.ranking.spaceSize)} | ${bandOf(d.ranking.top)} |\n`);
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
    const figures = v
      ? `held-out Kendall τ ${v.kendallTau.toFixed(3)}, Spearman ρ ${v.spearmanRho.toFixed(3)}, precision@5% ${v.precisionAt5.toFixed(2)}, precision@10% ${v.precisionAt10.toFixed(2)} (${formatCount(v.n)} cells)`
      : 'no evaluation figures in its card';
    md.appendMarkdown(
      `Model \`${escape(card?.name ?? r.model.dir)}\`${r.model.source === 'custom' ? ' (custom folder)' : ''}: ${figures}. Ranks are predictions over ${escape(r.model.calibration.reference)}.\n\n`,
    );
  }
  const a = encodeURIComponent(JSON.stringify(args));
  md.appendMarkdown(`[Search around](command:${COMMANDS.searchAround}?${a}) · [Choose dataset](command:${COMMANDS.chooseDataset})`);
  return md;
}

function escape(s: string): string {
  return s.replace(/[\\`*_[\]<>|]/g, (ch) => `\\${ch}`);
}
