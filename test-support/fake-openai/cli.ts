// Runs the fake OpenAI-compatible server as its own process for end-to-end tests:
//   npx tsx test-support/fake-openai/cli.ts [--port P] [--host H] [--key K] [--answer TEXT] [--chunk-delay MS]
// Prints FAKE_OPENAI_URL=http://127.0.0.1:PORT/v1 (the base URL to configure) on stdout once listening, and
// stays up until SIGTERM/SIGINT. Drive failures over HTTP at the server's root: POST /__fake/script with a JSON
// LocalBehaviour[] body, POST /__fake/down {"forMs": N}; GET /__fake/requests.
import { parseArgs } from 'node:util';
import { startFakeOpenAI } from './server';

const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    host: { type: 'string' },
    key: { type: 'string' },
    answer: { type: 'string' },
    'chunk-delay': { type: 'string' },
  },
});

const fake = await startFakeOpenAI({
  port: values.port ? Number(values.port) : 0,
  host: values.host,
  apiKey: values.key,
  answer: values.answer,
  chunkDelayMs: values['chunk-delay'] ? Number(values['chunk-delay']) : undefined,
});
process.stdout.write(`FAKE_OPENAI_URL=${fake.url}/v1\n`);

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
