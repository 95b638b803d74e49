// ESLint 9 flat config. Errors are defects; layout is Prettier's job (`npm run format`), so
// eslint-config-prettier comes last and switches every layout rule off.
import js from '@eslint/js';
import graphqlPlugin from '@graphql-eslint/eslint-plugin';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** The subgraph SDLs that `npm run schema` writes (the supergraph is composed from them, not linted). */
const SUBGRAPH_SCHEMAS = ['cities', 'meetings', 'funding', 'peer-reviews'];

/** Per subgraph: the entities of other subgraphs that it extends or refers to (its `entities/references.ts`). */
const REFERENCES = {
  cities: [],
  meetings: ['City', 'Organisation', 'Network', 'FundingActivity'],
  funding: ['City', 'Organisation'],
  'peer-reviews': ['City', 'Organisation', 'Network', 'FundingActivity', 'Fund'],
};

/** Types that are values, not entities: they have no identity of their own. */
const VALUE_TYPES = [
  'PageInfo',
  'TranslatedText',
  'Translation',
  'Money',
  'ContactInfo',
  'ResultPeriod',
  'SettlementGroup',
  'SettlementRequestRevision',
  'Speaker',
  'ThemeLabel',
  'FundingAggregates',
  // one field's change inside a history entry, one delivery attempt, and the answer to a webhook registration (the subscription and its secret, once)
  'FieldChange',
  'WebhookAttempt',
  'WebhookRegistration',
];

/**
 * The enums, inputs and aggregate rows of 2026-12-02 without a description (their classes in
 * subgraphs/ have none). A new type must have one; describe these in the code and remove them here.
 */
const UNDESCRIBED_TODAY = [
  // enums
  'ActivityCityRole',
  'ActivityTheme',
  'AgendaItemKind',
  'BudgetStatus',
  'BudgetType',
  'DeclarationKind',
  'FundingActivitySort',
  'MembershipRole',
  'NetworkKind',
  'OrganisationKind',
  'OutcomeKind',
  'ParticipantRole',
  'RecommendationPriority',
  'ResultType',
  'ReviewerRole',
  'StakeholderType',
  // inputs
  'BudgetInput',
  'CityInput',
  'CommitmentInput',
  'DeclarationInput',
  'DeclarationVersionInput',
  'FundInput',
  'MembershipChangeInput',
  'MembershipInput',
  'MinutesInput',
  'NetworkInput',
  'OrganisationInput',
  'OutcomeInput',
  'ParticipantInput',
  'ParticipationInput',
  'PillarInput',
  'ProgrammeDayInput',
  'ProgrammeSessionInput',
  'RecipientInput',
  'ResultPeriodInput',
  'SettlementGroupInput',
  'SignatoryInput',
  'SpeakerInput',
  'TransactionInput',
  // aggregate rows
  'CountryCount',
  'PillarCount',
  'StatusCount',
  'ThemeCount',
];

/** `x as never` and `<never>x`: a cast that switches type checking off (issue 11 forbids them). */
const NO_NEVER_CAST = [
  {
    selector: 'TSAsExpression > TSNeverKeyword.typeAnnotation',
    message: 'Do not cast to never: it switches type checking off. Type the value (or the helper) instead.',
  },
  {
    selector: 'TSTypeAssertion > TSNeverKeyword.typeAnnotation',
    message: 'Do not cast to never: it switches type checking off. Type the value (or the helper) instead.',
  },
];

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      '.data/**',
      'coverage/**',
      'reports/**',
      '.stryker-tmp/**',
      'schema/supergraph.graphql',
      'examples/client/src/gql/**',
    ],
  },
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },

  // TypeScript and JavaScript
  {
    files: ['**/*.{ts,js,mjs,cjs}'],
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
    languageOptions: {
      ecmaVersion: 2023,
      globals: { ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { args: 'after-used', argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
      ],
      // `value != null` is the codebase's idiom for "neither null nor undefined"; every other loose comparison is a defect
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-restricted-syntax': ['error', ...NO_NEVER_CAST],
      // `any` is tolerated at the edges (tests, benchmarks, scripts) but not in the code the subgraphs run (below)
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  // Promises that nobody awaits, and promises handed where a plain value is expected: these need types
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false, attributes: false } }],
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/only-throw-error': 'error',
      '@typescript-eslint/no-for-in-array': 'error',
    },
  },
  {
    files: ['shared/**/*.ts', 'subgraphs/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  // CommonJS files (jest config, global setup, the PGlite worker threads)
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },

  // The subgraph SDLs (Federation 2: graphql-eslint builds them with @apollo/subgraph)
  ...SUBGRAPH_SCHEMAS.map((name) => ({
    files: [`schema/${name}.graphql`],
    languageOptions: {
      parser: graphqlPlugin.parser,
      parserOptions: {
        // one graphql-config for every file (the plugin loads it once): one project per subgraph SDL
        graphQLConfig: { projects: Object.fromEntries(SUBGRAPH_SCHEMAS.map((sdl) => [sdl, { schema: `schema/${sdl}.graphql` }])) },
      },
    },
    plugins: { '@graphql-eslint': graphqlPlugin },
    rules: {
      ...graphqlPlugin.configs['flat/schema-recommended'].rules,
      ...graphqlPlugin.configs['flat/schema-relay'].rules,
      '@graphql-eslint/require-description': [
        'error',
        {
          types: true,
          rootField: true,
          DirectiveDefinition: true,
          ignoredSelectors: [
            // Query and Mutation themselves: each root field carries the description instead (rootField)
            '[type=ObjectTypeDefinition][name.value=/^(Query|Mutation|Subscription)$/]',
            // Relay plumbing, the same in every subgraph
            '[type=ObjectTypeDefinition][name.value=PageInfo]',
            '[type=ObjectTypeDefinition][name.value=/Edge$/]',
            // another subgraph's entity, known here by key: it is described where it is owned
            ...REFERENCES[name].map((type) => `[type=ObjectTypeDefinition][name.value=${type}]`),
            // today's types without a description: shrink this list, never grow it
            ...UNDESCRIBED_TODAY.map((type) => `[name.value=${type}]`),
          ],
        },
      ],
      // Relay connections (edges with a cursor and a node, PageInfo); plain lists of values stay plain lists, and
      // there is no global Node interface (ids are per type, and federation resolves entities by key)
      '@graphql-eslint/relay-edge-types': [
        'error',
        { withEdgeSuffix: true, shouldImplementNode: false, listTypeCanWrapOnlyEdgeType: false },
      ],
      // every entity has one ID; value objects (money, a translation, an aggregate row) and Relay plumbing have none
      // a history is read newest first, forward only (first/after); the lists keep both directions
      '@graphql-eslint/relay-arguments': ['error', { includeBoth: false }],
      '@graphql-eslint/strict-id-in-types': [
        'error',
        { exceptions: { types: VALUE_TYPES, suffixes: ['Connection', 'Edge', 'Count', 'Totals'] } },
      ],
      // IATI's own element names (transaction-date of a transaction) are the domain's: renaming them would break clients
      '@graphql-eslint/no-typename-prefix': 'off',
    },
  })),

  prettier,
);
