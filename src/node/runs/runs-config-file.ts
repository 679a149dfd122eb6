import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseRunsConfig, type RunsConfig } from '../../core/runs/runs-config';

export const RUNS_CONFIG_FILE = 'nas-lens.runs.json';

/**
 * The workspace's `nas-lens.runs.json` (or an explicit file): errors name file:line:column and
 * stop; warnings (unknown keys) are returned to be shown. No file: an empty configuration.
 */
export function readRunsConfigFile(workspace: string, explicit?: string): { config: RunsConfig; path?: string; warnings: string[] } {
  const path = explicit ? resolve(explicit) : join(workspace, RUNS_CONFIG_FILE);
  if (!existsSync(path)) {
    if (explicit) throw new Error(`${path} does not exist`);
    return { config: {}, warnings: [] };
  }
  const { config, problems } = parseRunsConfig(readFileSync(path, 'utf8'));
  const located = problems.map((p) => ({ ...p, text: `${path}:${p.line}:${p.column}: ${p.severity}: ${p.message}` }));
  const errors = located.filter((p) => p.severity === 'error');
  if (errors.length) throw new Error(errors.map((p) => p.text).join('\n'));
  return { config, path, warnings: located.map((p) => p.text) };
}
