// Loads libs/forecast-engine (TypeScript) into plain Node: esbuild bundles it into
// dist/tools/forecast-engine.cjs whenever a source file is newer than the bundle.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '../..');
const SOURCE = path.join(ROOT, 'libs/forecast-engine/src');
const BUNDLE = path.join(ROOT, 'dist/tools/forecast-engine.cjs');

function newestSource(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).reduce((newest, entry) => {
    const file = path.join(dir, entry.name);
    const time = entry.isDirectory() ? newestSource(file) : fs.statSync(file).mtimeMs;
    return Math.max(newest, time);
  }, 0);
}

function loadEngine() {
  if (!fs.existsSync(BUNDLE) || fs.statSync(BUNDLE).mtimeMs < newestSource(SOURCE)) {
    require('esbuild').buildSync({
      entryPoints: [path.join(SOURCE, 'index.ts')],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      outfile: BUNDLE,
      logLevel: 'error',
    });
  }
  return require(BUNDLE);
}

module.exports = { loadEngine };
