// Runs the fake Ollama server as its own process for end-to-end tests:
//   npx tsx test-support/fake-ollama/cli.ts [--port P] [--host H] [--answer TEXT] [--chunk-delay MS]
// Prints FAKE_OLLAMA_URL=http://127.0.0.1:PORT on stdout once listening, and stays up until SIGTERM/SIGINT.
// Drive failures over HTTP: POST $URL/__fake/script with a JSON LocalBehaviour[] body, POST $URL/__fake/down
// {"forMs": N} to be "not running" for a while; GET $URL/__fake/requests.
import { parseArgs } from 'node:util';
import { startFakeOllama } from './server';

const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    host: { type: 'string' },
    answer: { type: 'string' },
    'chunk-delay': { type: 'string' },
  },
});

const fake = await startFakeOllama({
  port: values.port ? Number(values.port) : 0,
  host: values.host,
  answer: values.answer,
  chunkDelayMs: values['chunk-delay'] ? Number(values['chunk-delay']) : undefined,
});
process.stdout.write(`FAKE_OLLAMA_URL=${fake.url}\n`);

let closing = false;
const stop = () => {
  if (closing) return;
  closing = true;
  fake.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
