// Reads the extension's settings from VS Code (their keys, defaults and limits: settings.ts).
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse as parseJsonc } from 'jsonc-parser';
import * as vscode from 'vscode';
import { isDatasetId } from '../core/catalog';
import { isStrategyName } from '../core/search/strategies';
import { clampInt, CONFIG_KEYS, DEFAULTS, LIMITS, resultsGlobs, resultsMetric, SECTION, type ConfigKey, type Settings } from './settings';

export function readSettings(): Settings {
  const c = vscode.workspace.getConfiguration(SECTION);
  const dataset = c.get<unknown>(CONFIG_KEYS.dataset);
  const strategy = c.get<unknown>(CONFIG_KEYS.strategy);
  const trusted = vscode.workspace.isTrusted;
  // In an untrusted workspace VS Code itself drops the workspace's value of this restricted setting
  // (package.json capabilities.untrustedWorkspaces.restrictedConfigurations), from inspect() too: it is
  // read from the settings files, only so that the user can be told why it is not used.
  const candidates = trusted ? [c.get<unknown>(CONFIG_KEYS.modelFolder)] : [workspaceModelFolder(), c.get<unknown>(CONFIG_KEYS.modelFolder)];
  const folder = candidates.find((v) => typeof v === 'string' && v.trim() !== '');
  const given = typeof folder === 'string' ? folder.trim() : undefined;
  const metric = resultsMetric(c.get<unknown>(CONFIG_KEYS.resultsMetric));
  return {
    dataset: isDatasetId(dataset) ? dataset : DEFAULTS.dataset,
    codeLens: c.get<unknown>(CONFIG_KEYS.codeLens) !== false,
    inlayHints: c.get<unknown>(CONFIG_KEYS.inlayHints) !== false,
    codeCallHints: c.get<unknown>(CONFIG_KEYS.codeCallHints) === true,
    strategy: isStrategyName(strategy) ? strategy : DEFAULTS.strategy,
    budget: clampInt(c.get<unknown>(CONFIG_KEYS.budget), LIMITS.budget.min, LIMITS.budget.max, DEFAULTS.budget),
    timeLimitMs: 1000 * clampInt(c.get<unknown>(CONFIG_KEYS.timeLimit), LIMITS.timeLimitSeconds.min, LIMITS.timeLimitSeconds.max, DEFAULTS.timeLimitSeconds),
    ...(given && trusted ? { modelFolder: resolveFolder(given) } : {}),
    ...(given && !trusted ? { modelFolderIgnored: given } : {}),
    resultsFiles: resultsGlobs(c.get<unknown>(CONFIG_KEYS.resultsFiles)),
    ...(metric !== undefined ? { resultsMetric: metric } : {}),
    suggestCount: clampInt(c.get<unknown>(CONFIG_KEYS.suggestCount), LIMITS.suggestCount.min, LIMITS.suggestCount.max, DEFAULTS.suggestCount),
  };
}

/** nasLens.modelFolder as the workspace's own settings files write it (.vscode/settings.json, a .code-workspace file). */
function workspaceModelFolder(): string | undefined {
  const key = `${SECTION}.${CONFIG_KEYS.modelFolder}`;
  const files: { file: string; nested: boolean }[] = [];
  for (const f of vscode.workspace.workspaceFolders ?? [])
    if (f.uri.scheme === 'file') files.push({ file: path.join(f.uri.fsPath, '.vscode', 'settings.json'), nested: false });
  const wf = vscode.workspace.workspaceFile;
  if (wf?.scheme === 'file') files.push({ file: wf.fsPath, nested: true });
  for (const { file, nested } of files) {
    try {
      const json = parseJsonc(readFileSync(file, 'utf8')) as Record<string, unknown> | undefined;
      const settings = (nested ? json?.settings : json) as Record<string, unknown> | undefined;
      const value = settings?.[key];
      if (typeof value === 'string' && value.trim() !== '') return value;
    } catch {
      // no such file, or not readable: nothing set there
    }
  }
  return undefined;
}

/** `~/x` → home, a relative path → against the first workspace folder. */
function resolveFolder(folder: string): string {
  if (folder.startsWith('~/')) return path.join(process.env.HOME ?? '', folder.slice(2));
  if (path.isAbsolute(folder)) return folder;
  const root = vscode.workspace.workspaceFolders?.[0]?.uri;
  return root?.scheme === 'file' ? path.join(root.fsPath, folder) : path.resolve(folder);
}

export async function updateSetting(key: ConfigKey, value: unknown): Promise<void> {
  const c = vscode.workspace.getConfiguration(SECTION);
  const inspected = c.inspect(key);
  // Write where the value is set now (workspace beats user), so the change takes effect.
  const target =
    inspected?.workspaceFolderValue !== undefined
      ? vscode.ConfigurationTarget.WorkspaceFolder
      : inspected?.workspaceValue !== undefined
        ? vscode.ConfigurationTarget.Workspace
        : vscode.ConfigurationTarget.Global;
  await c.update(key, value, target);
}
