import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { LineIndex, offsetToPosition, positionToOffset } from '../../../src/core/dsl';

function naivePosition(text: string, offset: number): { line: number; character: number } {
  let line = 0;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (text[i] === '\r' && text[i + 1] === '\n') continue;
    if (text[i] === '\n' || text[i] === '\r') {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, character: offset - lineStart };
}

test('positions count \\n, \\r\\n and a lone \\r as one line break each', () => {
  const text = 'ab\ncd\r\nef\rg';
  assert.deepEqual(offsetToPosition(text, 0), { line: 0, character: 0 });
  assert.deepEqual(offsetToPosition(text, 3), { line: 1, character: 0 });
  assert.deepEqual(offsetToPosition(text, 5), { line: 1, character: 2 });
  assert.deepEqual(offsetToPosition(text, 7), { line: 2, character: 0 });
  assert.deepEqual(offsetToPosition(text, 10), { line: 3, character: 0 });
  assert.equal(new LineIndex(text).lineCount, 4);
});

test('offsets past either end are clamped; positions past a line end stop before its line break', () => {
  const text = 'abc\r\ndef';
  assert.deepEqual(offsetToPosition(text, -5), { line: 0, character: 0 });
  assert.deepEqual(offsetToPosition(text, 99), { line: 1, character: 3 });
  assert.equal(positionToOffset(text, { line: 0, character: 50 }), 3);
  assert.equal(positionToOffset(text, { line: 7, character: 0 }), text.length);
});

test('LineIndex agrees with a naive scan and round-trips every offset', () => {
  fc.assert(
    fc.property(
      fc.array(fc.constantFrom('a', 'b', '\n', '\r', '\r\n', '\u00e9', '\ud83d\ude00')).map((parts) => parts.join('')),
      (text) => {
        const index = new LineIndex(text);
        for (let offset = 0; offset <= text.length; offset++) {
          const position = index.positionAt(offset);
          assert.deepEqual(position, naivePosition(text, offset));
          const inMiddleOfCrlf = text[offset - 1] === '\r' && text[offset] === '\n';
          if (!inMiddleOfCrlf) assert.equal(index.offsetAt(position), offset);
        }
      },
    ),
  );
});
