// The webpack build of every NestJS app: one bundle of our code, node_modules left external.
'use strict';
const { NxAppWebpackPlugin } = require('@nx/webpack/app-plugin');
const path = require('node:path');

/** `appDir` is the app's folder (its webpack.config.js passes __dirname). */
module.exports = function nodeAppConfig(appDir, options = {}) {
  const name = path.basename(appDir);
  return {
    output: { path: path.join(__dirname, '../../dist/apps', name) },
    plugins: [
      new NxAppWebpackPlugin({
        target: 'node',
        compiler: 'tsc',
        main: './src/main.ts',
        tsConfig: './tsconfig.app.json',
        optimization: false,
        outputHashing: 'none',
        generatePackageJson: false,
        sourceMap: true,
        ...options,
      }),
    ],
  };
};
