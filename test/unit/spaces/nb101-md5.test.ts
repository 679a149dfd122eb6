import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import fc from 'fast-check';
import { md5Bytes, md5Hex } from '../../../src/core/spaces/nb101/md5';

const nodeMd5 = (data: string | Uint8Array) => createHash('md5').update(data).digest('hex');

test('md5 reproduces the RFC 1321 test suite (appendix A.5)', () => {
  const suite: [string, string][] = [
    ['', 'd41d8cd98f00b204e9800998ecf8427e'],
    ['a', '0cc175b9c0f1b6a831c399e269772661'],
    ['abc', '900150983cd24fb0d6963f7d28e17f72'],
    ['message digest', 'f96b697d7cb7938d525a2f31aaf161d0'],
    ['abcdefghijklmnopqrstuvwxyz', 'c3fcd3d76192e4007dfb496cca67e13b'],
    ['ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', 'd174ab98d277d9f5a5611c2c9f419d9f'],
    ['1234567890'.repeat(8), '57edf4a22be3c955ac49da2e2107b67a'],
  ];
  for (const [input, digest] of suite) assert.equal(md5Hex(input), digest, `md5('${input}')`);
});

test('md5 is right at every padding boundary, from 0 to 200 bytes', () => {
  for (let length = 0; length <= 200; length++) {
    const text = 'x'.repeat(length);
    assert.equal(md5Hex(text), nodeMd5(text), `length ${length}`);
  }
});

test('md5 of a short message after a long one (the word buffer is reused)', () => {
  assert.equal(md5Hex('y'.repeat(5000)), nodeMd5('y'.repeat(5000)));
  assert.equal(md5Hex('abc'), '900150983cd24fb0d6963f7d28e17f72');
});

test('md5 hashes the UTF-8 bytes of non-ASCII text, and raw bytes', () => {
  for (const text of ['é', '€ 5', '😀 graph', 'ünïcödé'.repeat(20)]) assert.equal(md5Hex(text), nodeMd5(text), text);
  const bytes = Uint8Array.from({ length: 300 }, (_, i) => (i * 37) & 0xff);
  assert.equal(md5Bytes(bytes), nodeMd5(bytes));
});

test('md5 agrees with node:crypto on random strings', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => md5Hex(text) === nodeMd5(text)),
    { numRuns: 300 },
  );
});
