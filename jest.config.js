/** Two projects: pure unit tests beside the code, and tests on the real PostgreSQL and queue. */
const tsJest = ['ts-jest', { tsconfig: 'tsconfig.json' }];
const moduleNameMapper = { '^src/(.*)$': '<rootDir>/src/$1', '^migrations/(.*)$': '<rootDir>/migrations/$1' };

module.exports = {
  projects: [
    {
      displayName: 'unit',
      rootDir: __dirname,
      testMatch: ['<rootDir>/src/**/*.spec.ts'],
      transform: { '^.+\\.ts$': tsJest },
      moduleNameMapper,
      testEnvironment: 'node',
    },
    {
      displayName: 'integration',
      rootDir: __dirname,
      testMatch: [
        '<rootDir>/test/**/*.int-spec.ts',
        '<rootDir>/test/**/*.e2e-spec.ts',
        '<rootDir>/test/**/*.scenario-spec.ts',
      ],
      transform: { '^.+\\.ts$': tsJest },
      moduleNameMapper,
      testEnvironment: 'node',
      globalSetup: '<rootDir>/test/utils/global-setup.ts',
      globalTeardown: '<rootDir>/test/utils/global-teardown.ts',
    },
  ],
  maxWorkers: 1,
  // testTimeout is a global option (jest ignores it inside a project): 60 s for hooks that boot the app and a worker.
  testTimeout: 60000,
  reporters: ['default', '<rootDir>/test/utils/summary-reporter.js'],
};
