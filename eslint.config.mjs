import nx from '@nx/eslint-plugin';

/** The import table of shared/DESIGN.md, as lint errors. */
const depConstraints = [
  { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
  { sourceTag: 'scope:server', onlyDependOnLibsWithTags: ['scope:server', 'scope:shared'] },
  { sourceTag: 'scope:forecast', onlyDependOnLibsWithTags: ['scope:forecast', 'scope:server', 'scope:shared'] },
  { sourceTag: 'scope:web', onlyDependOnLibsWithTags: ['scope:web', 'scope:shared'] },
  { sourceTag: 'type:contract', onlyDependOnLibsWithTags: [], allowedExternalImports: ['class-validator', 'class-transformer'] },
  { sourceTag: 'type:engine', onlyDependOnLibsWithTags: [], allowedExternalImports: [] },
  { sourceTag: 'type:data', onlyDependOnLibsWithTags: ['type:contract'] },
  { sourceTag: 'type:ui', onlyDependOnLibsWithTags: ['type:data', 'type:contract'] },
  {
    sourceTag: 'platform:web',
    bannedExternalImports: ['@nestjs/*', 'typeorm', 'pg', 'pg-*', 'amqplib', 'amqp-connection-manager', 'argon2', 'fast-csv'],
  },
  { sourceTag: 'platform:node', bannedExternalImports: ['@angular/*'] },
];

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  ...nx.configs['flat/javascript'],
  { ignores: ['**/dist', '**/node_modules', '**/.angular', '**/tmp', '**/coverage', '**/test-output'] },
  {
    files: ['**/*.ts', '**/*.js', '**/*.mjs'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        { enforceBuildableLibDependency: true, allow: ['^.*/eslint(\\.base)?\\.config\\.[cm]?[jt]s$', '^.*/tools/webpack/node-app\\.config$'], depConstraints },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
];
