export default {
  displayName: 'ui',
  preset: '../../jest.preset.js',
  setupFilesAfterEnv: ['<rootDir>/src/test-setup.ts'],
  coverageDirectory: '../../coverage/libs/ui',
  transform: {
    '^.+\\.(ts|mjs|js|html)$': [
      'jest-preset-angular',
      { tsconfig: '<rootDir>/tsconfig.spec.json', stringifyContentPathRegex: '\\.(html|svg)$' },
    ],
  },
  // ECharts and its renderer ship ES modules only, so jest compiles them like .mjs files.
  transformIgnorePatterns: ['node_modules/(?!(echarts|zrender|ngx-echarts)/|.*\\.mjs$)'],
};
