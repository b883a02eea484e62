export default {
  displayName: 'planning-web',
  preset: '../../jest.preset.js',
  setupFilesAfterEnv: ['<rootDir>/src/test-setup.ts'],
  coverageDirectory: '../../coverage/apps/planning-web',
  transform: {
    '^.+\\.(ts|mjs|js|html)$': [
      'jest-preset-angular',
      { tsconfig: '<rootDir>/tsconfig.spec.json', stringifyContentPathRegex: '\\.(html|svg)$' },
    ],
  },
  // ECharts and its renderer ship ES modules only, so jest compiles them like .mjs files.
  transformIgnorePatterns: ['node_modules/(?!(echarts|zrender|ngx-echarts)/|.*\\.mjs$)'],
};
