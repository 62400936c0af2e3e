// Child: opens the engine on a fresh data folder, adds FOLDER, waits until everything is indexed, and
// reports timings, counts and its own peak memory. Usage: index-library.ts DATA FOLDER
import { Engine } from '../../electron/engine/index';
import { ownPeakRssMb, sendResult } from '../lib/child';
import { libraryCounts, waitIdle } from './wait-idle';

const [dataDir, folder] = process.argv.slice(2);
const t0 = performance.now();
const engine = await Engine.open({ dataDir });
const openMs = performance.now() - t0;
const t1 = performance.now();
await engine.handle('library.addFolder', { path: folder });
await waitIdle(engine.handle);
const indexMs = performance.now() - t1;
const counts = await libraryCounts(engine.handle);
const peakBeforeClose = ownPeakRssMb();
const t2 = performance.now();
await engine.close();
sendResult({ openMs, indexMs, closeMs: performance.now() - t2, counts, peakRssMb: peakBeforeClose });
process.exit(0);
