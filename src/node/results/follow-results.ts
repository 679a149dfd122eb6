import { open, stat, type FileHandle } from 'node:fs/promises';
import { LineCellReader } from '../../core/results/line-cell';
import { readResultsJsonl } from '../../core/results/read-jsonl';
import { lineProblem, type ResultProblem, type ResultRun } from '../../core/results/runs';
import type { SpaceId } from '../../core/spaces/types';
import { MAX_RESULTS_FILE_BYTES, readResultsFile } from './read-results';

/** How an update read the file: from the start, only what was appended, or not at all. */
export type FollowedRead = 'full' | 'appended' | 'unchanged';

export interface FollowOptions {
  /** Shared between files and updates so that repeated cells are parsed once. */
  readonly cells?: LineCellReader;
  readonly space?: SpaceId;
  readonly maxBytes?: number;
  /** Awaited between slices of a long read (a worker yields to its event loop there). Default: setImmediate. */
  readonly between?: () => Promise<void>;
  /** Characters of JSON Lines parsed between two `between()` calls. Default 262,144. */
  readonly sliceChars?: number;
}

/** Bytes compared before each incremental read: the file's first bytes and the last bytes read. */
const FINGERPRINT_BYTES = 4096;

const setImmediateTick = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * One results file, followed as it grows: the first update reads it whole; later ones read only the
 * bytes appended since (a training job appending lines), and the whole file again when it was
 * replaced, truncated or rewritten (its first bytes or the last bytes read differ, its inode or its
 * size shrank, or the caller says so). Only complete lines are committed: an unfinished last line is
 * read again with what follows it (a line without its newline counts when it is a whole run, as in
 * readResultsJsonl with allowPartialLastLine). CSV and gzipped files are read whole when they change.
 * Never throws: a file that cannot be read is one problem at 1:1.
 */
export class ResultsFileFollower {
  private readonly cells: LineCellReader;
  private committedBytes = 0;
  /** The 1-based number of the first line after the committed bytes. */
  private nextLine = 1;
  private committedRuns: ResultRun[] = [];
  private committedProblems: ResultProblem[] = [];
  private tailRuns: ResultRun[] = [];
  private tailProblems: ResultProblem[] = [];
  private tailBytes = 0;
  private head: Buffer = Buffer.alloc(0);
  private last: Buffer = Buffer.alloc(0);
  private signature = '';
  private readOnce = false;

  constructor(
    readonly file: string,
    private readonly options: FollowOptions = {},
  ) {
    this.cells = options.cells ?? new LineCellReader();
  }

  /** Every run of the file as last read, in line order. */
  get runs(): readonly ResultRun[] {
    return this.tailRuns.length ? [...this.committedRuns, ...this.tailRuns] : this.committedRuns;
  }

  /** Every problem of the file as last read, by line then column. */
  get problems(): readonly ResultProblem[] {
    return this.tailProblems.length ? [...this.committedProblems, ...this.tailProblems] : this.committedProblems;
  }

  /** Bytes of the file read so far. */
  get bytes(): number {
    return this.committedBytes + this.tailBytes;
  }

  /** Lines of the file read so far (an unfinished last line included). */
  get lines(): number {
    return this.nextLine - 1 + (this.tailBytes > 0 ? 1 : 0);
  }

  /** Reads what changed since the last update (everything with `reread`). */
  async update({ reread = false }: { reread?: boolean } = {}): Promise<FollowedRead> {
    let info: { size: number; mtimeMs: number; ino: number };
    try {
      info = await stat(this.file);
    } catch (e) {
      return this.fail(e);
    }
    const signature = `${info.ino}:${info.size}:${info.mtimeMs}`;
    if (!reread && this.readOnce && signature === this.signature) return 'unchanged';
    const maxBytes = this.options.maxBytes ?? MAX_RESULTS_FILE_BYTES;
    if (!/\.jsonl$/i.test(this.file)) return this.readWhole(signature);
    if (info.size > maxBytes)
      return this.fail(new Error(`the file is ${mib(info.size)}; results files are read up to ${mib(maxBytes)} (split it into several files)`));
    try {
      const sameFile = this.readOnce && !reread && this.signature.startsWith(`${info.ino}:`) && info.size >= this.committedBytes;
      if (sameFile && (await this.unchangedUpTo(this.committedBytes))) {
        await this.readFrom(this.committedBytes, info.size);
        this.signature = signature;
        return 'appended';
      }
      this.reset();
      await this.readFrom(0, info.size);
      this.signature = signature;
      this.readOnce = true;
      return 'full';
    } catch (e) {
      return this.fail(e);
    }
  }

  private async readWhole(signature: string): Promise<FollowedRead> {
    const read = await readResultsFile(this.file, {
      cells: this.cells,
      ...(this.options.space ? { space: this.options.space } : {}),
      ...(this.options.maxBytes !== undefined ? { maxBytes: this.options.maxBytes } : {}),
    });
    this.reset();
    this.committedRuns = read.runs;
    this.committedProblems = read.problems;
    this.signature = signature;
    this.readOnce = true;
    return 'full';
  }

  private fail(e: unknown): FollowedRead {
    this.reset();
    this.committedProblems = [lineProblem(this.file, 1, 'error', 'unreadable', e instanceof Error ? e.message : String(e), 0, 1)];
    this.signature = '';
    this.readOnce = true;
    return 'full';
  }

  private reset(): void {
    this.committedBytes = 0;
    this.nextLine = 1;
    this.committedRuns = [];
    this.committedProblems = [];
    this.tailRuns = [];
    this.tailProblems = [];
    this.tailBytes = 0;
    this.head = Buffer.alloc(0);
    this.last = Buffer.alloc(0);
  }

  /** The file still starts with the bytes read first and holds the last bytes read where they were. */
  private async unchangedUpTo(end: number): Promise<boolean> {
    if (end === 0) return true;
    const handle = await open(this.file, 'r');
    try {
      const head = await readAt(handle, 0, this.head.length);
      if (!head.equals(this.head)) return false;
      const last = await readAt(handle, end - this.last.length, this.last.length);
      return last.equals(this.last);
    } finally {
      await handle.close();
    }
  }

  /** Reads bytes [from, size): commits the complete lines, reads the unfinished last line on its own. */
  private async readFrom(from: number, size: number): Promise<void> {
    let bytes: Buffer;
    const handle = await open(this.file, 'r');
    try {
      bytes = await readAt(handle, from, size - from);
    } finally {
      await handle.close();
    }
    const lastNewline = bytes.lastIndexOf(0x0a);
    const complete = bytes.subarray(0, lastNewline + 1);
    if (complete.length) await this.commit(complete, from);
    const tail = bytes.subarray(lastNewline + 1);
    this.tailBytes = tail.length;
    this.tailRuns = [];
    this.tailProblems = [];
    if (tail.length) {
      const read = this.readText(tail.toString('utf8'), from + complete.length === 0, true);
      if (read.pendingOffset === undefined) {
        this.tailRuns = read.runs;
        this.tailProblems = sortProblems(read.problems);
      }
    }
    if (from === 0) this.head = Buffer.from(bytes.subarray(0, Math.min(FINGERPRINT_BYTES, this.committedBytes)));
  }

  /** Parses complete lines (bytes ending with a newline) in slices, yielding between them. */
  private async commit(complete: Buffer, offset: number): Promise<void> {
    const slice = Math.max(1, this.options.sliceChars ?? 262_144);
    const between = this.options.between ?? setImmediateTick;
    for (let start = 0; start < complete.length;) {
      // Slices end at a newline byte, which never falls inside a UTF-8 sequence.
      let end = start + slice >= complete.length ? complete.length : complete.indexOf(0x0a, start + slice) + 1;
      if (end <= 0) end = complete.length;
      const part = complete.subarray(start, end);
      const read = this.readText(part.toString('utf8'), offset + start === 0, false);
      for (const run of read.runs) this.committedRuns.push(run);
      for (const p of sortProblems(read.problems)) this.committedProblems.push(p);
      this.nextLine += countNewlines(part);
      start = end;
      if (start < complete.length) await between();
    }
    this.committedBytes = offset + complete.length;
    // The last bytes committed: those kept before (they end where this part starts) and this part's.
    const joined = this.last.length && complete.length < FINGERPRINT_BYTES ? Buffer.concat([this.last, complete]) : complete;
    this.last = Buffer.from(joined.subarray(Math.max(0, joined.length - FINGERPRINT_BYTES)));
  }

  /**
   * Reads lines that start at line `nextLine`. The reader skips a U+FEFF at the start of its text as
   * a byte order mark: only the file's own start may be one, so text from the middle of the file is
   * read after a newline, one line earlier.
   */
  private readText(text: string, atFileStart: boolean, allowPartialLastLine: boolean) {
    const mark = !atFileStart && text.charCodeAt(0) === 0xfeff;
    return readResultsJsonl(mark ? `\n${text}` : text, this.file, {
      cells: this.cells,
      ...(this.options.space ? { space: this.options.space } : {}),
      firstLine: mark ? this.nextLine - 1 : this.nextLine,
      allowPartialLastLine,
    });
  }
}

async function readAt(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  let done = 0;
  while (done < length) {
    const { bytesRead } = await handle.read(buffer, done, length - done, position + done);
    if (bytesRead === 0) break;
    done += bytesRead;
  }
  return done === length ? buffer : buffer.subarray(0, done);
}

function countNewlines(bytes: Buffer): number {
  let n = 0;
  for (let i = bytes.indexOf(0x0a); i >= 0; i = bytes.indexOf(0x0a, i + 1)) n++;
  return n;
}

function sortProblems(problems: ResultProblem[]): ResultProblem[] {
  return problems.sort((a, b) => a.line - b.line || a.column - b.column);
}

function mib(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(1)} MiB`;
}
