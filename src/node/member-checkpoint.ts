import { createHash } from 'node:crypto';
import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { TrainedMember } from '../core/surrogate/train';

/** A finished member as saved, with the time it took. */
export interface SavedMember extends TrainedMember {
  readonly seconds: number;
  readonly cpuSeconds: number;
}

export interface MemberCheckpoint {
  /** Members saved by an earlier run of the same request (same digest). */
  readonly finished: readonly SavedMember[];
  save(member: SavedMember): Promise<void>;
}

/**
 * Ensemble members of a long training saved one by one in `dir` (member-<k>.bin, member-<k>.json), so
 * that an interrupted training resumes with the members it finished. `request` describes the training
 * (data, seed, recipe): a checkpoint of another request is discarded.
 */
export async function openMemberCheckpoint(dir: string, request: unknown): Promise<MemberCheckpoint> {
  const digest = createHash('sha256').update(JSON.stringify(request)).digest('hex');
  await mkdir(dir, { recursive: true });
  let stored: string | undefined;
  try {
    stored = (JSON.parse(await readFile(join(dir, 'request.json'), 'utf8')) as { digest?: string }).digest;
  } catch {
    stored = undefined;
  }
  const finished: SavedMember[] = [];
  if (stored === digest) {
    for (const name of (await readdir(dir)).filter((f) => /^member-\d+\.json$/.test(f))) {
      const meta = JSON.parse(await readFile(join(dir, name), 'utf8')) as Omit<SavedMember, 'weights'>;
      const bytes = await readFile(join(dir, name.replace(/\.json$/, '.bin')));
      finished.push({ ...meta, weights: new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)) });
    }
  } else {
    for (const name of (await readdir(dir)).filter((f) => /^member-\d+\.(json|bin)$/.test(f))) await rm(join(dir, name));
    await writeFile(join(dir, 'request.json'), JSON.stringify({ digest, request }, null, 1) + '\n');
  }
  return {
    finished: finished.sort((a, b) => a.index - b.index),
    async save(member) {
      const { weights, ...meta } = member;
      await writeFile(join(dir, `member-${member.index}.bin`), new Uint8Array(weights.buffer, weights.byteOffset, weights.byteLength));
      await writeFile(join(dir, `member-${member.index}.json`), JSON.stringify(meta) + '\n');
    },
  };
}
