// Runs the fake Gemini server as its own process for end-to-end tests:
//   npx tsx test-support/fake-gemini/cli.ts [--key K | --any-key] [--port P] [--answer TEXT] [--chunk-delay MS]
// Prints FAKE_GEMINI_URL=http://127.0.0.1:PORT on stdout once listening, and stays up until SIGTERM/SIGINT.
// Drive failures over HTTP: POST $URL/__fake/script with a JSON Behaviour[] body; GET $URL/__fake/requests.
import { parseArgs } from 'node:util';
import { startFakeGemini } from './server';

const { values } = parseArgs({
  options: {
    key: { type: 'string' },
    'any-key': { type: 'boolean', default: false },
    port: { type: 'string' },
    host: { type: 'string' },
    answer: { type: 'string' },
    'chunk-delay': { type: 'string' },
  },
});

const fake = await startFakeGemini({
  apiKey: values['any-key'] ? null : (values.key ?? process.env.FAKE_GEMINI_KEY ?? 'test-key'),
  port: values.port ? Number(values.port) : 0,
  host: values.host,
  answer: values.answer,
  chunkDelayMs: values['chunk-delay'] ? Number(values['chunk-delay']) : undefined,
});
process.stdout.write(`FAKE_GEMINI_URL=${fake.url}\n`);

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
