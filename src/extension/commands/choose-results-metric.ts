// "NAS Lens: Choose results metric": the metrics of the user's results, per space; the one picked ranks
// the measured cells of every space whose runs have it (nasLens.results.metric), or the default rule again.
import * as vscode from 'vscode';
import { describeRule } from '../../core/results/metric-choice';
import { SPACE_SHORT_LABELS } from '../../core/catalog';
import { updateSetting } from '../config';
import type { Ctx } from '../ctx';
import { CONFIG_KEYS } from '../settings';

interface MetricItem extends vscode.QuickPickItem {
  /** The metric to set; '' for the default rule. */
  readonly metric?: string;
}

/** Sets nasLens.results.metric to `given` (a string; '' = the default rule) or to the metric picked; returns what was set. */
export async function chooseResultsMetric(ctx: Ctx, given?: unknown): Promise<string | undefined> {
  let chosen: string | undefined = typeof given === 'string' ? given.trim() : undefined;
  if (chosen === undefined) {
    const summary = await ctx.results.settled();
    const metrics = summary?.metrics ?? [];
    if (!metrics.length) {
      void vscode.window.showInformationMessage(
        'NAS Lens: no results yet: no *.nas-results.jsonl or results CSV with a measured metric was found (nasLens.results.files).',
      );
      return undefined;
    }
    const current = ctx.settings.resultsMetric;
    const items: MetricItem[] = [
      {
        label: 'Default rule',
        description: current === undefined ? 'current' : '',
        detail: 'Per space: the first test metric, else the first validation metric, else the first',
        metric: '',
      },
    ];
    for (const choice of metrics) {
      items.push({ label: SPACE_SHORT_LABELS[choice.space], kind: vscode.QuickPickItemKind.Separator });
      for (const name of choice.available) {
        const used = name === choice.metric;
        items.push({
          label: name,
          description: used ? `ranks ${SPACE_SHORT_LABELS[choice.space]} now (${describeRule(choice.rule)})` : '',
          metric: name,
        });
      }
    }
    const pick = await vscode.window.showQuickPick(items, {
      title: 'NAS Lens: rank your results by which metric?',
      placeHolder: current ? `Now: ${current} where a space has it` : 'Now: the default rule',
    });
    if (!pick || pick.metric === undefined) return undefined;
    chosen = pick.metric;
  }
  await updateSetting(CONFIG_KEYS.resultsMetric, chosen);
  return chosen;
}
