// Development/test entry of the parse worker: registers tsx so that worker.ts runs from source. The
// production build bundles worker.ts as out/main/parse-worker.js instead (see pool.ts).
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.__entry);
