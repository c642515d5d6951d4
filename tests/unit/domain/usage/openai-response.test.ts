import { describe, expect, it } from 'vitest';
import { normalizeOpenAiResponse } from '../../../../lambdas/domain/usage/openai-response.ts';
import { readJson, sharedDataPath } from '../../../helpers/evidence-files.ts';

const file = {
  key: 'incoming/usage/openai-responses/gateway/2025-03-09.ndjson',
  receivedAt: '2025-03-10T00:00:00.000Z',
};

describe('Normalizer: captured OpenAI response bodies', () => {
  it('normalizes the spec chat completion: prompt tokens as input, the completion id as request id', () => {
    // Prepare: created 1741569952 = 2025-03-10T01:25:52Z; 19 prompt (0 cached), 10 completion tokens.
    const body = readJson(sharedDataPath('openai-openapi/chat_completion_response.example.json'));

    // Act
    const result = normalizeOpenAiResponse(body, 1, file);

    // Assess
    expect(result).toEqual({
      ok: true,
      value: {
        usage_start: '2025-03-10T01:25:52.000Z',
        usage_end: '2025-03-10T01:25:52.000Z',
        provider: 'openai',
        provider_account: null,
        model_or_deployment: 'gpt-5.4',
        request_id: 'chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT',
        billing_category: 'standard',
        input_tokens: 19,
        cached_input_tokens: 0,
        cache_write_tokens: 0,
        output_tokens: 10,
        request_count: 1,
        source: 'openai-responses',
        source_line_id: 'openai-responses|chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT',
        source_key: file.key,
        source_line: 1,
        source_received_at: file.receivedAt,
      },
    });
  });

  it('normalizes the spec Responses API body: created_at, input and output tokens, no tier', () => {
    // Prepare: created_at 1741476542 = 2025-03-08T23:29:02Z; 36 input, 87 output tokens.
    const body = readJson(sharedDataPath('openai-openapi/responses_response.example.json'));

    // Act
    const result = normalizeOpenAiResponse(body, 2, file);

    // Assess
    expect(result).toMatchObject({
      ok: true,
      value: {
        usage_start: '2025-03-08T23:29:02.000Z',
        model_or_deployment: 'gpt-5.4',
        request_id: 'resp_67ccd2bed1ec8190b14f964abc0542670bb6a6b452d3795b',
        billing_category: null,
        input_tokens: 36,
        cached_input_tokens: 0,
        cache_write_tokens: 0,
        output_tokens: 87,
        source_line: 2,
      },
    });
  });

  it('rejects a body without usage, naming the field', () => {
    const result = normalizeOpenAiResponse(
      { id: 'chatcmpl-3', object: 'chat.completion', created: 1, model: 'gpt-4.1' },
      3,
      file,
    );

    expect(result).toMatchObject({ ok: false, reasons: [{ path: 'usage' }] });
  });
});
