import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { NB101_SPACE_HEADER, parseNb101SpaceLine, type Nb101SpaceRow } from '../core/spaces/nb101/space-line';

/**
 * Streams every row of nb101_space.csv.gz (423,624 cells) without holding the file in memory.
 * Throws with the file name and line number on a malformed row, a wrong header or a corrupt file.
 */
export async function* readNb101Space(path: string): AsyncGenerator<Nb101SpaceRow> {
  const source = createReadStream(path);
  const gunzip = createGunzip();
  source.on('error', (err) => gunzip.destroy(err));
  source.pipe(gunzip).setEncoding('utf8');

  let lineNumber = 0;
  let pending = '';
  const parse = (line: string): Nb101SpaceRow | undefined => {
    lineNumber++;
    if (lineNumber === 1) {
      if (line.trim() !== NB101_SPACE_HEADER) throw new Error(`${path}: expected the header '${NB101_SPACE_HEADER}', got '${line.trim()}'`);
      return undefined;
    }
    if (line.trim() === '') return undefined;
    try {
      return parseNb101SpaceLine(line);
    } catch (err) {
      throw new Error(`${path}:${lineNumber}: ${(err as Error).message}`);
    }
  };

  try {
    for await (const chunk of gunzip as AsyncIterable<string>) {
      const lines = (pending + chunk).split('\n');
      pending = lines.pop()!;
      for (const line of lines) {
        const row = parse(line);
        if (row) yield row;
      }
    }
    const last = parse(pending);
    if (last) yield last;
  } finally {
    source.destroy();
    gunzip.destroy();
  }
}
