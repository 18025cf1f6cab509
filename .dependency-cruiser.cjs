// The layers of docs/architecture.md, enforced in `npm test` (npm run lint:layers). Each rule names a forbidden
// import; test/unit/layers.test.ts proves that each one fires on a deliberate violation.
const TOOLS = 'analysis|bench|bin|edge|local|scripts|sim';
const HANDLERS = 'processor|aggregator|api';

/** A path pattern for the top-level folders named, with anything below them. */
const under = (folders) => `^(${folders})/`;

/** What lib/ may read from lambdas/: the handlers' env names, the API's routes and the table's shape. */
const HANDLER_TABLES = [
  `^lambdas/(${HANDLERS})/env\\.ts$`,
  '^lambdas/shared/env-fields\\.ts$',
  '^lambdas/api/(routes|params|responses)\\.ts$',
  '^lambdas/adapters/dynamo/table-definition\\.ts$',
];

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'kernel-imports-nothing',
      comment: 'core/ is the kernel: everything builds on it, so it imports nothing else in the repo.',
      severity: 'error',
      from: { path: '^core/' },
      to: { path: `${under(`${TOOLS}|lambdas|lib|test|web`)}` },
    },
    {
      name: 'adapters-import-only-the-kernel',
      comment: 'An adapter implements a kernel port with one service; it knows nothing of handlers or tools.',
      severity: 'error',
      from: { path: '^lambdas/adapters/' },
      to: { path: `${under(`${TOOLS}|lib|test|web`)}|^lambdas/(?!adapters/)` },
    },
    {
      name: 'shared-imports-kernel-and-adapters',
      comment: 'lambdas/shared is what the handlers share; it sits below them, above the kernel and the adapters.',
      severity: 'error',
      from: { path: '^lambdas/shared/' },
      to: { path: `${under(`${TOOLS}|lib|test|web`)}|^lambdas/(${HANDLERS})/` },
    },
    {
      name: 'handlers-share-through-kernel-or-shared',
      comment: 'A handler never imports another handler: what two handlers need goes to core/ or lambdas/shared.',
      severity: 'error',
      from: { path: `^lambdas/(${HANDLERS})/` },
      to: { path: `^lambdas/(${HANDLERS})/`, pathNot: '^lambdas/$1/' },
    },
    {
      name: 'handlers-never-import-lib-local-or-tools',
      comment: 'What runs in Lambda never depends on the CDK app, local mode or a tool.',
      severity: 'error',
      from: { path: `^lambdas/(${HANDLERS})/` },
      to: { path: under(`${TOOLS}|lib|test|web`) },
    },
    {
      name: 'lib-imports-kernel-and-handler-tables',
      comment: "lib/ is the CDK app: it reads the kernel and the handlers' env names, routes and table shape only.",
      severity: 'error',
      from: { path: '^lib/' },
      to: { path: `${under(`${TOOLS}|test|web`)}|^lambdas/`, pathNot: HANDLER_TABLES },
    },
    {
      name: 'relay-and-simulator-import-only-the-kernel',
      comment:
        'The edge relay runs in the race truck and the simulator stands in for the race: the kernel is all they share.',
      severity: 'error',
      from: { path: '^(edge|sim)/' },
      to: { path: `${under('analysis|bench|bin|lambdas|lib|local|scripts|test|web')}|^(edge|sim)/`, pathNot: '^$1/' },
    },
    {
      name: 'analysis-imports-kernel-and-simulator',
      comment: "The analysis tools score the engine against the simulator's truth and real feeds, nothing else.",
      severity: 'error',
      from: { path: '^analysis/' },
      to: { path: under('bench|bin|edge|lambdas|lib|local|scripts|test|web') },
    },
    {
      name: 'local-mode-below-the-cli',
      comment: 'local/ runs the real handlers; the CLI, the benchmarks and the scripts build on it, not the reverse.',
      severity: 'error',
      from: { path: '^local/' },
      to: { path: under('bench|bin|scripts|test') },
    },
    {
      name: 'cli-below-bench-and-scripts',
      comment: 'bin/ is the top of the product; benchmarks and scripts may call it, it calls neither.',
      severity: 'error',
      from: { path: '^bin/' },
      to: { path: under('bench|scripts|test') },
    },
    {
      name: 'tools-never-import-tests',
      comment: 'Benchmarks and scripts are product code: test helpers are not (they may fake what a tool measures).',
      severity: 'error',
      from: { path: '^(bench|scripts)/' },
      to: { path: under('test') },
    },
    {
      name: 'no-folder-cycles',
      comment: 'Two folders that import each other are one layer in disguise.',
      severity: 'error',
      scope: 'folder',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|test/fixtures/layers|cdk\\.out|\\.scratch|\\.vitest|\\.artifacts)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.mts', '.js', '.mjs', '.json'] },
  },
};
