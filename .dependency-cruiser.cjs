// The layers of Lucarne, checked by `npm run lint` (docs/architecture.md, "Layers"):
//   shared/ → engine parts (store, search, parse, ocr, …) → the engine's public modules → shells
//   renderer/ → shared/
// Each rule says why it exists; a violation fails the lint with the rule's name and the import.

// The engine is electron/engine/ except the browser host (electron/engine/host/), which is a shell that
// happens to live there.
const ENGINE = '^electron/engine/';
const HOST = '^electron/engine/host/';
// Everything that runs the engine from outside: Electron's main process, the CLI, the browser host, the
// benchmarks, the end-to-end tests and the repository's test tools.
const SHELLS = '^(electron/main|electron/preload|electron/cli|electron/engine/host|bench|e2e|test|test-support)/';
// What shells may import from the engine. index.ts is the Engine facade; rpc.ts (the one gate of every
// transport), protocol.ts (main ↔ utility-process messages) and stop-signals.ts (every engine process stops
// the same way) are the transport-side contract; public/ re-exports, in a few named modules, the pieces that
// a shell uses without the Engine (a data folder read without loading the parsers, a store opened by a
// benchmark). Test helpers (test-support/) are there for every test, a shell's included. The browser host
// (host/) is a shell: another shell may use it (the CLI reads its key file).
const ENGINE_PUBLIC = [
  '^electron/engine/(index|rpc|protocol|stop-signals)[.]ts$',
  '^electron/engine/public/',
  '^electron/engine/.*test-support/',
  HOST,
];

// A unit test that checks two layers agree (the renderer's wording against the engine's, the contract against
// the dispatcher) has to see both; it is never bundled, so the two bottom layers' tests may look up.
const TEST_FILE = '[.]test[.]tsx?$';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'engine-no-electron',
      comment:
        'The engine runs in Electron, in the CLI, in the browser host and in tests: it must not import `electron` ' +
        '(only electron/main and electron/preload do).',
      severity: 'error',
      from: { path: ENGINE, pathNot: HOST },
      to: { path: 'node_modules/electron/' },
    },
    {
      name: 'shells-use-public-entry',
      comment:
        "Shells use the engine through its public entry (index.ts and a few named public modules), so the engine's " +
        'internals can move without breaking them. Add to electron/engine/public/ rather than reaching inside.',
      severity: 'error',
      from: { path: SHELLS },
      to: { path: ENGINE, pathNot: ENGINE_PUBLIC },
    },
    {
      name: 'store-not-search',
      comment: 'Storage sits below retrieval: search/ reads the stores, the stores never call search/.',
      severity: 'error',
      from: { path: '^electron/engine/store/' },
      to: { path: '^electron/engine/search/' },
    },
    {
      name: 'ocr-not-parse',
      comment:
        'OCR (Tesseract, its models, page rotation) is a service the parsers use (parse/image.ts, parse/pdf-ocr.ts): ' +
        'ocr/ must not import parse/ back.',
      severity: 'error',
      from: { path: '^electron/engine/ocr/' },
      to: { path: '^electron/engine/parse/' },
    },
    {
      name: 'renderer-only-shared',
      comment:
        'The renderer is sandboxed browser code: it imports shared/ (the contract, the domain types), never the ' +
        'engine, the shells or node built-ins.',
      severity: 'error',
      from: { path: '^renderer/', pathNot: TEST_FILE },
      to: { path: '^(electron|bench|e2e|test|test-support)/' },
    },
    {
      name: 'renderer-no-node',
      comment: 'The renderer runs in a browser: no node built-ins.',
      severity: 'error',
      from: { path: '^renderer/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'shared-is-the-bottom',
      comment: 'shared/ compiles for node and the browser alike and sits under everything: it imports only shared/.',
      severity: 'error',
      from: { path: '^shared/', pathNot: TEST_FILE },
      to: { path: '^(electron|renderer|bench|e2e|test|test-support)/' },
    },
    {
      name: 'no-circular',
      comment: 'No import cycles anywhere: a cycle means two modules are one layer, or one is in the wrong place.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    // The project's folders, plus what the rules look at outside them: the `electron` package and node's
    // built-ins (`fs`, `node:fs`, `fs/promises`).
    includeOnly: [
      '^(electron|shared|renderer|bench|e2e|test|test-support)/',
      'node_modules/electron/',
      '^(node:)?[a-z_/]+$',
    ],
    exclude: { path: '(^|/)(out|dist)/' },
    doNotFollow: { path: 'node_modules' },
    // Imports are extension-less with moduleResolution Bundler; no path aliases, so one tsconfig resolves
    // every folder. Type-only imports count: a layer must not even know another's types.
    tsConfig: { fileName: 'tsconfig.node.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: {
      extensions: ['.ts', '.tsx', '.mts', '.js', '.mjs', '.cjs', '.json', '.d.ts'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
