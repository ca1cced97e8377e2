// The order of the modules in src/, bottom first (docs/architecture.md): a folder may import only from
// folders below it (and from itself). `npm run lint:deps` fails on any import against this order and on
// any cycle. Folders on one line are peers: they must not import each other either.
const LAYERS = [
  ['config'],
  ['database'],
  ['common'],
  ['pdf'],
  ['audit-log'],
  ['users'],
  ['auth'],
  ['reference'],
  ['agencies'],
  ['certificates'],
  ['trainings'],
  ['certification'],
  ['public', 'reports', 'jobs', 'health'],
  ['console'],
  ['demo'],
];

const folder = (name) => `^src/${name}/`;
const above = (index) => LAYERS.slice(index + 1).flat();

const layering = LAYERS.flatMap((layer, index) => [
  ...layer.map((name) => ({
    name: `${name}-imports-upwards`,
    comment: `${name} sits below ${above(index).join(', ')}: it may not import from them`,
    severity: 'error',
    from: { path: folder(name) },
    to: { path: `^src/(${above(index).join('|')})/` },
  })),
  ...layer.flatMap((name) =>
    layer
      .filter((peer) => peer !== name)
      .map((peer) => ({
        name: `${name}-imports-peer-${peer}`,
        comment: `${name} and ${peer} are peers: neither imports the other`,
        severity: 'error',
        from: { path: folder(name) },
        to: { path: folder(peer) },
      })),
  ),
]);

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'Modules that import each other cannot be understood or changed one at a time',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'unknown-folder',
      comment: 'Every folder of src/ has a place in the order above',
      severity: 'error',
      from: { path: '^src/[^/]+/', pathNot: `^src/(${LAYERS.flat().join('|')})/` },
      to: {},
    },
    ...layering,
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['^src/metadata\\.ts$', '\\.spec\\.ts$'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
    },
  },
};
