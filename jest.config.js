/** Tests run the TypeScript sources through ts-jest (transpile only; `npm run build` type-checks). */
module.exports = {
  // jest's node environment; a worker process exits as soon as its event loop is empty (see the file)
  testEnvironment: '<rootDir>/test/environment.js',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', diagnostics: false }] },
  setupFiles: ['reflect-metadata'],
  // builds dist/ when missing or stale, for the tests that start the hub as a child process
  // and names this run's database templates (test/test-databases.ts), which globalTeardown removes
  globalSetup: '<rootDir>/test/global-setup.js',
  globalTeardown: '<rootDir>/test/global-teardown.js',
  testTimeout: 120000,
  maxWorkers: 2,
  verbose: true,
};
