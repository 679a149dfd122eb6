'use strict';
/* global exports */
// The runtime side of 'nas-lens/dsl': each function returns its argument as a tagged, frozen value.
// NAS Lens itself never runs *.nas.ts files; it reads the literals with the TypeScript parser.
Object.defineProperty(exports, '__esModule', { value: true });

function nb201(arch) {
  return Object.freeze({ space: 'nb201', arch: arch });
}

function nb101(spec) {
  return Object.freeze({ space: 'nb101', matrix: spec.matrix, ops: spec.ops });
}

function darts(spec) {
  return Object.freeze({ space: 'darts', normal: spec.normal, reduce: spec.reduce });
}

exports.nb201 = nb201;
exports.nb101 = nb101;
exports.darts = darts;
