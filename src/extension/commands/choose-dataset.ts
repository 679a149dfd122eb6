// "NAS Lens: Choose dataset": the dataset cells are ranked on (spaces without it keep their own).
import * as vscode from 'vscode';
import type { SpaceId } from '../../core/spaces/types';
import { updateSetting } from '../config';
import { CONFIG_KEYS } from '../settings';
import type { Ctx } from '../ctx';
import { DATASET_IDS, DATASET_LABELS, isDatasetId, SPACE_DATASETS, SPACE_SHORT_LABELS, type DatasetId } from '../../core/catalog';

interface DatasetItem extends vscode.QuickPickItem {
  readonly id: DatasetId;
}

export async function chooseDataset(ctx: Ctx, given?: unknown): Promise<DatasetId | undefined> {
  let chosen: DatasetId | undefined = isDatasetId(given) ? given : undefined;
  if (!chosen) {
    const current = ctx.settings.dataset;
    const items: DatasetItem[] = DATASET_IDS.map((id) => ({
      id,
      label: DATASET_LABELS[id],
      description: id === current ? 'current' : '',
      detail: describeAvailability(ctx, id),
      picked: id === current,
    }));
    const pick = await vscode.window.showQuickPick(items, { title: 'NAS Lens: rank cells on which dataset?', placeHolder: `Now: ${DATASET_LABELS[current]}` });
    chosen = pick?.id;
  }
  if (!chosen) return undefined;
  await updateSetting(CONFIG_KEYS.dataset, chosen);
  return chosen;
}

function describeAvailability(ctx: Ctx, dataset: DatasetId): string {
  const spaces = (Object.keys(SPACE_DATASETS) as SpaceId[]).map((s) => {
    if (!SPACE_DATASETS[s].includes(dataset)) return `${SPACE_SHORT_LABELS[s]}: ranked on ${SPACE_DATASETS[s].map((d) => DATASET_LABELS[d]).join('/')}`;
    return `${SPACE_SHORT_LABELS[s]}: ${ctx.models.locate(s, dataset) ? 'model ready' : 'no model yet'}`;
  });
  return spaces.join(' · ');
}
