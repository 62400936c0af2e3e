// Development/test entry of the model process: registers tsx so that worker.ts runs from source. The
// production build bundles worker.ts as out/main/llama-worker.js instead (see spawn.ts).
import { argv } from 'node:process';
import { register } from 'tsx/esm/api';

register();
await import(argv[2]);
