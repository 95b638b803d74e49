/**
 * The fast unit tests (test/unit/): no hub, no child process, no build, so no globalSetup. StrykerJS
 * runs these (`npm run test:mutation`); `npm test` runs them too, with everything else.
 */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test/unit'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', diagnostics: false }] },
  setupFiles: ['reflect-metadata'],
  testTimeout: 30000,
  maxWorkers: 1,
};
