import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunRequest, RunState } from '../../core/runs/run-types';
import { TASK_FILES } from '../../core/runs/task-script';
import { writeFileAtomic } from './atomic-files';

/** `.nas-lens/runs` under a workspace folder: where every run of that workspace lives. */
export function runsRoot(workspace: string): string {
  return join(workspace, '.nas-lens', 'runs');
}

export function readRequest(dir: string): RunRequest {
  const request = readJson(join(dir, 'request.json')) as RunRequest;
  if (request?.version !== 1 || !Array.isArray(request.cells)) throw new Error(`${dir}/request.json is not a NAS Lens run request`);
  return request;
}

export function readState(dir: string): RunState {
  const state = readJson(join(dir, 'state.json')) as RunState;
  if (state?.version !== 1 || !Array.isArray(state.tasks)) throw new Error(`${dir}/state.json is not a NAS Lens run state`);
  return state;
}

export function writeState(dir: string, state: RunState): void {
  writeFileAtomic(join(dir, 'state.json'), `${JSON.stringify(state, null, 1)}\n`);
}

export function writeRequest(dir: string, request: RunRequest): void {
  writeFileAtomic(join(dir, 'request.json'), `${JSON.stringify(request, null, 1)}\n`);
}

/** Writes a submission's batch script and task list; returns the script's path. */
export function writeSubmissionFiles(dir: string, index: number, script: string, entries: readonly { task: number; attempt: number }[]): string {
  const sub = join(dir, TASK_FILES.submission(index));
  mkdirSync(sub, { recursive: true });
  writeFileSync(join(sub, 'tasks'), entries.map((e) => `${e.task} ${e.attempt}\n`).join(''));
  const path = join(sub, 'script.sh');
  writeFileSync(path, script, { mode: 0o755 });
  return path;
}

function readJson(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(`cannot read ${path}: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`${path} is not valid JSON: ${(error as Error).message}`);
  }
}
