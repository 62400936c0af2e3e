import { describe, expect, it } from 'vitest';
import { OLLAMA_DIALECT } from '../ollama/client';
import { OPENAI_COMPAT_DIALECT } from '../openai/client';
import { MalformedStreamError } from '../../net/lines';
import { httpFailure, type LocalFailureContext, toLocalProviderError } from '../../net/local-errors';

const ollama: LocalFailureContext = {
  dialect: OLLAMA_DIALECT,
  url: 'http://127.0.0.1:11434',
  what: 'embedding',
  path: '/api/embed',
  model: 'bge-m3:latest',
};
const openai: LocalFailureContext = {
  dialect: OPENAI_COMPAT_DIALECT,
  url: 'http://127.0.0.1:1234/v1',
  what: 'answer',
  path: '/chat/completions',
  model: 'qwen',
  apiKey: 'sk-very-secret-123',
};

/** A fetch failure as undici reports it: TypeError("fetch failed") with the errno code on its cause. */
function fetchFailure(code: string): TypeError {
  return new TypeError('fetch failed', { cause: Object.assign(new Error(`connect ${code}`), { code }) });
}

describe('local server failures', () => {
  it('classifies connection failures', () => {
    expect(toLocalProviderError(fetchFailure('ECONNREFUSED'), ollama)).toMatchObject({
      code: 'not-running',
      retryable: false,
      message: 'Ollama is not running at http://127.0.0.1:11434: start it (ollama serve) or change the address.',
    });
    const both = new TypeError('fetch failed', {
      cause: new AggregateError([Object.assign(new Error('connect'), { code: 'ECONNREFUSED' })]),
    });
    expect(toLocalProviderError(both, ollama)?.code).toBe('not-running');
    expect(toLocalProviderError(fetchFailure('EHOSTUNREACH'), ollama)?.message).toMatch(/^Could not reach Ollama/);
    expect(toLocalProviderError(fetchFailure('ENOTFOUND'), ollama)?.message).toMatch(/No machine answers/);
    expect(toLocalProviderError(new TypeError('terminated'), ollama)).toMatchObject({ code: 'network' });
    expect(toLocalProviderError(new MalformedStreamError('bad line'), ollama)?.code).toBe('malformed');
    expect(
      toLocalProviderError(new DOMException('x', 'TimeoutError'), { ...ollama, timedOut: true, timeoutMs: 1500 }),
    ).toMatchObject({ code: 'timeout', message: expect.stringContaining('within 1.5 s') });
    expect(toLocalProviderError(new RangeError('a bug'), ollama)).toBeNull();
  });

  it('classifies HTTP answers, with the server’s own message', () => {
    expect(httpFailure(404, '{"error":"model \'bge-m3:latest\' not found"}', null, ollama)).toMatchObject({
      code: 'model-missing',
      message: expect.stringContaining('run "ollama pull bge-m3:latest"'),
    });
    expect(httpFailure(404, '404 page not found', null, ollama)).toMatchObject({
      code: 'rejected',
      message: expect.stringContaining('has no /api/embed endpoint (404: 404 page not found)'),
    });
    expect(httpFailure(404, '{"detail":"Not Found"}', null, openai).code).toBe('rejected');
    expect(
      httpFailure(404, '{"error":{"message":"No models loaded. Please load a model.","type":"x"}}', null, openai).code,
    ).toBe('model-missing');
    expect(httpFailure(429, '{"error":"busy"}', '3', ollama)).toMatchObject({ code: 'quota', retryAfterMs: 3000 });
    expect(httpFailure(503, '{"message":"Service Unavailable"}', null, openai)).toMatchObject({
      code: 'server',
      retryable: true,
      message: expect.stringContaining('(503: Service Unavailable)'),
    });
    expect(httpFailure(400, '{"error":"invalid options"}', null, ollama)).toMatchObject({
      code: 'rejected',
      retryable: false,
    });
  });

  it('never repeats the API key, even when the server echoes it', () => {
    const e = httpFailure(401, '{"error":{"message":"Bad key sk-very-secret-123"}}', null, openai);
    expect(e.code).toBe('bad-key');
    expect(e.message).not.toContain('sk-very-secret-123');
    expect(e.message).toContain('[redacted key]');
  });
});
