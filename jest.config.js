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
  // On a server a worker spends much of its time waiting for PostgreSQL, so a third keeps the two
  // cores busy (170 s -> 155 s here); embedded, the databases run in the workers themselves, which
  // are then CPU-bound and hold 2-3 GB each: a third worker gains nothing and costs 5 GB
  maxWorkers: process.env.DATABASE_URL ? 3 : 2,
  verbose: true,
};
