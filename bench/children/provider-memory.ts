// Child: the memory-by-kind flow (bench/lib/ask-flow.ts) on the Engine from source, for runs without the
// build: opens the engine on an empty data folder, chooses a kind, indexes the folder, answers one question,
// and reports its own resident memory and the model process's (in-process GGUF).
// Usage: provider-memory.ts DATA_DIR KIND FOLDER TARGETS_JSON
import { Engine } from '../../electron/engine/index';
import { dispatch } from '../../electron/engine/rpc';
import { type EngineApi, type KindTargets, openIndexAsk, type ProviderKind } from '../lib/ask-flow';
import { sendResult } from '../lib/child';
import { llamaChildPid, procStatusMb } from '../lib/proc';

const [dataDir, kind, folder, targetsJson] = process.argv.slice(2);
const engine = await Engine.open({ dataDir, log: () => {} });
const api: EngineApi = {
  async call(method, args = {}) {
    const r = await dispatch(method, args, { engine: engine.handle });
    if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
    return r.value;
  },
  onEvent: (listener) => engine.onEvent(listener),
};
const openedMb = procStatusMb(process.pid, 'VmRSS');
const flow = await openIndexAsk(api, kind as ProviderKind, folder, JSON.parse(targetsJson) as KindTargets);
const llama = llamaChildPid(process.pid);
sendResult({
  flow,
  openedMb,
  engineMb: procStatusMb(process.pid, 'VmRSS'),
  enginePeakMb: procStatusMb(process.pid, 'VmHWM'),
  llamaMb: llama ? procStatusMb(llama, 'VmRSS') : null,
  llamaPeakMb: llama ? procStatusMb(llama, 'VmHWM') : null,
});
await engine.close();
process.exit(0);
