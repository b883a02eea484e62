export default {
  displayName: 'system-e2e',
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  setupFiles: ['reflect-metadata'],
  testMatch: ['<rootDir>/src/**/*.e2e-spec.ts'],
  transform: { '^.+\\.[tj]s$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }] },
  moduleFileExtensions: ['ts', 'js'],
  // TypeScript reads the launcher's types from tools/system.d.ts; Jest must load the code.
  moduleNameMapper: {
    '^@tideline/system-launcher$': '<rootDir>/../../tools/system.js',
    '^@tideline/isolated-system$': '<rootDir>/../../tools/isolated-system.js',
    '^@tideline/demo-chain$': '<rootDir>/../../tools/demo-chain/seed.js',
  },
  // Each file starts the whole system (real Postgres, RabbitMQ and processes).
  testTimeout: 120_000,
};
