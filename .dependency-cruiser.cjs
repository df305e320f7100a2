// The architecture, written down: which folder may import which. `npm run check-layers` runs it.
//
//   actions/<name>/      entry points (one per action)
//     -> src/<capability>/   deploy, migration, taskdef, image, ... (any src folder not listed below)
//       -> src/<block>/      AWS- and GitHub-facing building blocks
//         -> src/inputs/, src/aws/
//           -> src/*.ts     base files (errors, format, logger, version)
//
// No import runs back up, no capability imports a sibling capability, and only src/github/ (and
// the entry points) talk to @actions/core.
const FOUNDATION = '(inputs|aws)';
const BLOCKS = '(ecs|ecr|github|logs|wait|elb|cloudwatch|cloudfront|scheduler)';
const CAPABILITY = `(?!${FOUNDATION}/|${BLOCKS}/)[^/]+`;

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Import cycles hide which layer owns an idea.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'actions-core-only-in-github',
      severity: 'error',
      comment: 'The core runs without the runner: only src/github/ (and actions/) may use @actions/core.',
      from: { path: '^src/', pathNot: '^src/github/' },
      to: { path: '@actions/core' },
    },
    {
      name: 'src-never-imports-outside-src',
      severity: 'error',
      comment: 'The core never reaches into entry points, tests or scripts.',
      from: { path: '^src/' },
      to: { path: '^(actions|test|scripts)/' },
    },
    {
      name: 'base-files-import-no-folder',
      severity: 'error',
      comment: 'Base files (src/*.ts) are the bottom layer.',
      from: { path: '^src/[^/]+\\.ts$' },
      to: { path: '^src/[^/]+/' },
    },
    {
      name: 'foundation-imports-only-base',
      severity: 'error',
      comment: 'src/inputs and src/aws sit on the base files only (and on each other).',
      from: { path: `^src/${FOUNDATION}/` },
      to: { path: '^src/[^/]+/', pathNot: `^src/${FOUNDATION}/` },
    },
    {
      name: 'blocks-import-no-capability',
      severity: 'error',
      comment: 'Building blocks (ecs, ecr, github, logs, wait...) never import a capability.',
      from: { path: `^src/${BLOCKS}/` },
      to: { path: `^src/${CAPABILITY}/` },
    },
    {
      name: 'no-sibling-capability',
      severity: 'error',
      comment: 'A capability (deploy, migration, taskdef, image...) never imports another one.',
      from: { path: `^src/(${CAPABILITY})/` },
      to: { path: `^src/${CAPABILITY}/`, pathNot: '^src/$1/' },
    },
    {
      name: 'no-sibling-action',
      severity: 'error',
      comment: 'Entry points share code through src/, never through another action.',
      from: { path: '^actions/([^/]+)/' },
      to: { path: '^actions/', pathNot: '^actions/$1/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)dist/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
  },
};
