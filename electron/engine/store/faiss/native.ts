// Loads faiss-node with OpenMP limited to one thread unless the user chose otherwise. Lucarne searches one
// query vector at a time; with OpenMP's default (a thread per core) every search waits for worker threads
// to wake up, which doubled the p95 of a 100k-vector search on a busy 2-core machine (docs/benchmarks.md).
// libgomp reads OMP_NUM_THREADS once, when faiss-node's library is loaded, so the variable is set just
// before a runtime require: a static import would be hoisted above this assignment by the bundler.
import { createRequire } from 'node:module';

process.env.OMP_NUM_THREADS ??= '1';

const require = createRequire(import.meta.url);
const faiss: typeof import('faiss-node') = require('faiss-node');

export default faiss;
