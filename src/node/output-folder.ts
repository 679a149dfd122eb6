// The folder a model is written to, checked before any training starts: a new folder is made one level
// at a time (a recursive mkdir under /proc never returns), an existing one must be a NAS Lens model
// folder or empty (the user's own files are never overwritten without --force), and writable.
import { constants } from 'node:fs';
import { access, mkdir, readdir, stat, unlink, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { MODEL_FILES } from '../core/catalog';
import { SURROGATE_FORMAT } from '../core/surrogate/config';
import { plainFileError, readBytesCapped } from './read-file';

/** Makes sure `dir` exists, is writable and may hold a model; returns its absolute path. Throws a plain message naming the path. */
export async function prepareModelFolder(dir: string, options: { force?: boolean } = {}): Promise<string> {
  const out = resolve(dir);
  const kind = await kindOf(out);
  if (kind === 'other') throw new Error(`${out} exists and is not a folder; --out needs a folder (a new one is made)`);
  if (kind === 'missing') await makeFolder(out);
  else {
    const names = await readdir(out).catch((err: unknown) => Promise.reject(new Error(plainFileError(err, out))));
    if (names.length > 0 && !options.force && !(await holdsModel(out))) {
      const shown = names.slice(0, 5).join(', ') + (names.length > 5 ? ', …' : '');
      throw new Error(
        `${out} is not empty (${shown}) and holds no NAS Lens model; choose a new or empty folder, or pass --force to write ${Object.values(MODEL_FILES).join(', ')} into it`,
      );
    }
  }
  await checkWritable(out);
  return out;
}

async function kindOf(path: string): Promise<'missing' | 'folder' | 'other'> {
  try {
    return (await stat(path)).isDirectory() ? 'folder' : 'other';
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
    throw new Error(plainFileError(err, path));
  }
}

/** The missing parts of `out`, made from the nearest existing folder down. */
async function makeFolder(out: string): Promise<void> {
  const missing: string[] = [];
  let at = out;
  while ((await kindOf(at)) === 'missing') {
    missing.unshift(at);
    const parent = dirname(at);
    if (parent === at) break;
    at = parent;
  }
  if ((await kindOf(at)) === 'other') throw new Error(`cannot make ${out}: ${at} is not a folder`);
  for (const part of missing) {
    try {
      await mkdir(part);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') continue;
      const why = code === 'ENOENT' ? `${dirname(part)} does not accept new folders` : plainFileError(err, part);
      throw new Error(`cannot make the folder ${part}: ${why}`);
    }
  }
}

async function holdsModel(dir: string): Promise<boolean> {
  try {
    const json = JSON.parse((await readBytesCapped(join(dir, MODEL_FILES.model), 64 * 1024 * 1024)).toString('utf8')) as { format?: unknown } | null;
    return json?.format === SURROGATE_FORMAT;
  } catch {
    return false;
  }
}

async function checkWritable(dir: string): Promise<void> {
  const probe = join(dir, `.nas-lens-write-check-${process.pid}`);
  try {
    await access(dir, constants.W_OK);
    await writeFile(probe, '', { flag: 'wx' });
    await unlink(probe);
  } catch (err) {
    throw new Error(`cannot write into ${dir}: ${plainFileError(err, dir)}`);
  }
}
