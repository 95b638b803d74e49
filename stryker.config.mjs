// StrykerJS (`npm run test:mutation`): mutates the shared write pipeline, permission rules and
// lifecycle, and each subgraph's permission table and lifecycle, and runs the unit tests
// (jest.unit.config.js: test/unit/, no hub, no globalSetup) against every mutant. Only the tests
// that cover a mutant run (coverageAnalysis perTest); a static mutant (a table built when its module
// loads) runs only the test files that import the mutated file (enableFindRelatedTests), not all of
// them: the whole run takes about 40 minutes instead of hours. Two workers: the machine has two cores.
// One file alone: npx stryker run --mutate subgraphs/cities/permissions.ts
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  packageManager: 'npm',
  testRunner: 'jest',
  jest: {
    projectType: 'custom',
    configFile: 'jest.unit.config.js',
    // write-transaction.test.ts starts a database: write.test.ts checks the same steps without one
    config: { testPathIgnorePatterns: ['/node_modules/', '/test/unit/write-transaction\\.test\\.ts$'] },
    enableFindRelatedTests: true,
  },
  coverageAnalysis: 'perTest',
  mutate: ['shared/permissions.ts', 'shared/lifecycle.ts', 'shared/write.ts', 'subgraphs/*/permissions.ts', 'subgraphs/*/lifecycle.ts'],
  // a mutant that does not compile is not a test gap: tsc (on shared/ and test/unit/ only) sorts those out first
  checkers: ['typescript'],
  tsconfigFile: 'tsconfig.mutation.json',
  typescriptChecker: { prioritizePerformanceOverAccuracy: true },
  ignorePatterns: ['dist', '.data', 'coverage', 'reports', 'deploy', 'bench'],
  concurrency: 2,
  timeoutMS: 30000,
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  thresholds: { high: 90, low: 80, break: 80 },
};
