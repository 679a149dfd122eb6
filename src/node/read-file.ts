// Reading a user's file: capped in size whatever it is (a regular file, /dev/zero, a pipe, `-` for
// stdin), gunzipped when named *.gz (capped too), and file-system errors as plain messages with the path.
import { createReadStream } from 'node:fs';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';

const gunzipAsync = promisify(gunzip);

/** The default cap of a file read: more than any cell, table or model file NAS Lens reads. */
export const MAX_FILE_BYTES = 512 * 1024 * 1024;

/** `-` and /dev/stdin name the standard input. */
export function isStdin(file: string): boolean {
  return file === '-' || file === '/dev/stdin';
}

/** How a file is named in messages: `-` is "standard input". */
export function fileLabel(file: string): string {
  return isStdin(file) ? 'standard input' : file;
}

function mib(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(1)} MiB`;
}

/**
 * The bytes of `file` (stdin for `-` and /dev/stdin), at most maxBytes: a longer input is an error, read
 * no further. With `text`, a NUL byte stops the read at once (/dev/zero, a binary file are not text).
 */
export async function readBytesCapped(file: string, maxBytes = MAX_FILE_BYTES, options: { text?: boolean } = {}): Promise<Buffer> {
  const stream = isStdin(file) ? process.stdin : createReadStream(file);
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer | string>) {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      total += bytes.length;
      if (total > maxBytes) throw new Error(`${fileLabel(file)} is longer than ${mib(maxBytes)}, the most NAS Lens reads from one file`);
      if (options.text && bytes.includes(0)) {
        throw new Error(`${fileLabel(file)} is not a text file (it holds a NUL byte near byte ${total - bytes.length + bytes.indexOf(0) + 1})`);
      }
      chunks.push(bytes);
    }
  } catch (error) {
    throw new Error(plainFileError(error, file));
  } finally {
    if (stream !== process.stdin) (stream as ReturnType<typeof createReadStream>).destroy();
  }
  return Buffer.concat(chunks, total);
}

/** The text of `file` (UTF-8; gunzipped when named *.gz), capped on disk and decompressed. */
export async function readTextCapped(file: string, maxBytes = MAX_FILE_BYTES): Promise<string> {
  const bytes = await readBytesCapped(file, maxBytes, { text: !file.toLowerCase().endsWith('.gz') });
  if (!file.toLowerCase().endsWith('.gz')) return bytes.toString('utf8');
  try {
    return (await gunzipAsync(bytes, { maxOutputLength: maxBytes })).toString('utf8');
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE')
      throw new Error(`${file} decompresses to more than ${mib(maxBytes)}, the most NAS Lens reads`);
    throw new Error(`${file} is not a readable gzip file (it is damaged or not compressed; rename it without .gz if it is plain text)`);
  }
}

const PLAIN: Record<string, string> = {
  ENOENT: 'does not exist',
  EACCES: 'is not accessible (permission denied)',
  EPERM: 'is not accessible (operation not permitted)',
  EISDIR: 'is a folder, not a file',
  ENOTDIR: 'has a part that is not a folder',
  EEXIST: 'already exists',
  ENOSPC: 'cannot be written: the disk is full',
  EROFS: 'cannot be written: the file system is read-only',
  ENAMETOOLONG: 'is too long a name',
  ELOOP: 'has too many symbolic links',
  EMFILE: 'cannot be opened: too many open files',
  EINVAL: 'cannot be used here (invalid for this kind of file)',
  ENXIO: 'cannot be opened (no such device)',
  ENODEV: 'cannot be used here (no such device)',
};

/** A file-system error as "PATH does not exist" etc., never a raw "EACCES: permission denied, open '…'". */
export function plainFileError(error: unknown, path: string): string {
  const e = error as NodeJS.ErrnoException;
  const code = typeof e?.code === 'string' ? e.code : undefined;
  const where = fileLabel(typeof e?.path === 'string' ? e.path : path);
  if (code && Object.hasOwn(PLAIN, code)) return `${where} ${PLAIN[code]}`;
  const message = error instanceof Error ? error.message : String(error);
  return code ? `${where}: ${message.replace(/^[A-Z]+: /, '').replace(/, \w+ '[^']*'$/, '')}` : message;
}
