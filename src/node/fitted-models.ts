// Which fitted model of a workspace ranks a space: the folders of .nas-lens/models/ whose card says it
// is a fitted model of that space and that its cross-validation chose it (decision.used); the most
// recently created wins. Read from disk each time it is asked, so a window reload finds it again.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { MODEL_FILES } from '../core/catalog';
import type { SpaceId } from '../core/spaces/types';
import { FITTED_MODELS_DIR } from './fit-files';

/** A card larger than this is not a fitted model's card (they are a few kB). */
const MAX_CARD_BYTES = 1 << 20;
/** Folders looked at, at most. */
const MAX_FOLDERS = 200;

export interface ActiveFittedModel {
  readonly dir: string;
  /** The folder's name, e.g. "nb201-test_acc": what the status bar shows. */
  readonly folder: string;
  readonly created: string;
}

/** The fitted model in use for `space` under `root` (a workspace folder), or undefined. Never throws. */
export function activeFittedModel(root: string, space: SpaceId): ActiveFittedModel | undefined {
  const models = join(root, FITTED_MODELS_DIR);
  let names: string[];
  try {
    names = readdirSync(models)
      .filter((n) => n.startsWith(`${space}-`))
      .sort()
      .slice(0, MAX_FOLDERS);
  } catch {
    return undefined;
  }
  let best: ActiveFittedModel | undefined;
  for (const folder of names) {
    const dir = join(models, folder);
    const card = readCard(join(dir, MODEL_FILES.card));
    if (!card || card.kind !== 'fitted' || card.space !== space) continue;
    const decision = card.decision as { used?: unknown } | undefined;
    if (decision?.used !== true || typeof card.created !== 'string') continue;
    if (!isFile(join(dir, MODEL_FILES.model))) continue;
    if (!best || card.created > best.created) best = { dir, folder, created: card.created };
  }
  return best;
}

function readCard(file: string): Record<string, unknown> | undefined {
  try {
    if (statSync(file).size > MAX_CARD_BYTES) return undefined;
    const value: unknown = JSON.parse(readFileSync(file, 'utf8'));
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}
