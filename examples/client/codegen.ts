import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * Typed operations from the hub's client-facing API schema (schema/api.graphql, checked in and
 * kept in step with the code by `npm run schema:check`): no running hub and no network needed.
 * `npm run example:codegen` writes src/gql/; `npm run example:check` fails when it is out of date.
 */
const config: CodegenConfig = {
  schema: '../../schema/api.graphql',
  documents: ['src/**/*.ts', '!src/gql/**'],
  ignoreNoDocuments: false,
  generates: {
    'src/gql/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        scalars: { DateTimeISO: 'string', LocalDate: 'string', Decimal: 'string', JSON: 'unknown' },
      },
    },
  },
};

export default config;
