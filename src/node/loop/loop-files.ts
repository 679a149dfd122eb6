import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LoopRequest, LoopState } from '../../core/loop/loop-types';
import { writeFileAtomic } from '../runs/atomic-files';
import { newRunId } from '../runs/create-run';

/** `.nas-lens/loops/<id>/`: loop.json (the request), state.json (the rounds), round-<r>-model/ (each fit's ensemble). */
export function loopsRoot(workspace: string): string {
  return join(workspace, '.nas-lens', 'loops');
}

/** `loop-20261206-203012-a1b2`: a run id's form (sortable by creation time, unique) marked as a loop's. */
export function newLoopId(now = new Date()): string {
  return `loop-${newRunId(now)}`;
}

export function roundModelDir(dir: string, round: number): string {
  return join(dir, `round-${round}-model`);
}

export function writeLoopRequest(dir: string, request: LoopRequest): void {
  mkdirSync(dir, { recursive: true });
  writeFileAtomic(join(dir, 'loop.json'), JSON.stringify(request, null, 1) + '\n');
}

export function writeLoopState(dir: string, state: LoopState): void {
  writeFileAtomic(join(dir, 'state.json'), JSON.stringify(state, null, 1) + '\n');
}

export function readLoopRequest(dir: string): LoopRequest {
  return readJson<LoopRequest>(join(dir, 'loop.json'));
}

export function readLoopState(dir: string): LoopState {
  return readJson<LoopState>(join(dir, 'state.json'));
}

/** Writes a new loop's request and its first state; returns its folder and full request. */
export function createLoopFiles(workspace: string, request: Omit<LoopRequest, 'version' | 'id' | 'createdAt'>): { dir: string; request: LoopRequest } {
  const id = newLoopId();
  const dir = join(loopsRoot(workspace), id);
  const full: LoopRequest = { version: 1, id, createdAt: new Date().toISOString(), ...request };
  writeLoopRequest(dir, full);
  writeLoopState(dir, { version: 1, id, rounds: [], status: 'running' });
  return { dir, request: full };
}

/** The loop ids of a workspace, oldest first. */
export function loopIds(workspace: string): string[] {
  const root = loopsRoot(workspace);
  if (!existsSync(root)) return [];
  return readdirSync(root)
    .filter((id) => existsSync(join(root, id, 'state.json')))
    .sort();
}

function readJson<T>(file: string): T {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  try {
    return JSON.parse(text) as T;
  } catch (error) {
    throw new Error(`${file} is not valid JSON (${(error as Error).message}); the loop's folder was changed by hand or cut short`);
  }
}
