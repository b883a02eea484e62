// Writes each Jest run's counts to test-output/jest/<project root>/<target>.json, so that
// `npm test` can print one total for every project, including those Nx replays from its cache.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const WORKSPACE = path.resolve(__dirname, '../..');

class SummaryReporter {
  constructor(globalConfig) {
    this.rootDir = globalConfig.rootDir;
  }

  onRunComplete(_contexts, results) {
    const dir = path.join(WORKSPACE, 'test-output/jest', path.relative(WORKSPACE, this.rootDir));
    fs.mkdirSync(dir, { recursive: true });
    const target = process.env.NX_TASK_TARGET_TARGET || 'test';
    const summary = {
      passed: results.numPassedTests,
      failed: results.numFailedTests + results.numRuntimeErrorTestSuites,
      skipped: results.numPendingTests + results.numTodoTests,
    };
    fs.writeFileSync(path.join(dir, `${target}.json`), JSON.stringify(summary));
  }
}

module.exports = SummaryReporter;
