/**
 * batch.ts runBatch on its own: chunking, the order of outcomes and how a failure spreads, over a `batch` call that
 * answers as a portal would (the client and the wire are tested against the fake portal in integration/bitrix).
 */
import { describe, expect, test } from 'vitest';
import { type BatchContext, type batchBody, type RestCommand, runBatch } from '../../../electron/core/bitrix/batch.ts';
import { BitrixError, type BitrixFailure } from '../../../electron/core/bitrix/errors.ts';
import type { RestAnswer } from '../../../electron/core/bitrix/transport.ts';

type Body = ReturnType<typeof batchBody>;

/** A portal's batch answer: each command's ENTITY_ID back as its result, or the error a test names for it. */
function answerOf(body: Body, errors: Record<string, string> = {}): RestAnswer {
  const result: Record<string, unknown> = {};
  const resultError: Record<string, unknown> = {};
  const resultTime: Record<string, unknown> = {};
  for (const [key, command] of Object.entries(body.cmd)) {
    const id = new URLSearchParams(command.split('?')[1]).get('ID') ?? '';
    if (errors[id]) resultError[key] = { error: errors[id], error_description: `about ${id}` };
    else {
      result[key] = Number(id);
      resultTime[key] = { operating_reset_at: 1_760_000_000 };
    }
  }
  return { result: { result, result_error: resultError, result_time: resultTime } };
}

function contextFor(call: BatchContext['call']) {
  const noted: string[] = [];
  const ctx: BatchContext = {
    call,
    portalHost: () => 'example.bitrix24.com',
    now: () => 1_760_000_000_000,
    noteAnswer: (method, time) => noted.push(`${method} ${JSON.stringify(time)}`),
    failureOf: (method, error): BitrixFailure => ({
      code: 'portal_error',
      portal: 'example.bitrix24.com',
      method,
      portalError: error.code,
      message: { code: 'portal_error_described', params: { portal: 'example.bitrix24.com', method, portalError: error.code, details: error.description } },
    }),
  };
  return { ctx, noted };
}

const commands = (count: number): RestCommand[] => Array.from({ length: count }, (_, i) => ({ method: 'crm.lead.get', params: { ID: i + 1 } }));

describe('runBatch', () => {
  test('120 commands go as 50 + 50 + 20, one request after another, outcomes in input order', async () => {
    const bodies: Body[] = [];
    let inFlight = 0;
    const { ctx, noted } = contextFor(async (body) => {
      inFlight += 1;
      expect(inFlight).toBe(1);
      bodies.push(body);
      await new Promise((resolve) => setTimeout(resolve, 1));
      inFlight -= 1;
      return answerOf(body);
    });
    const progress: number[] = [];
    const outcomes = await runBatch<number>(commands(120), { onProgress: (done) => progress.push(done) }, ctx);
    expect(bodies.map((body) => Object.keys(body.cmd).length)).toEqual([50, 50, 20]);
    expect(outcomes.map((outcome) => (outcome.ok ? outcome.result : null))).toEqual(Array.from({ length: 120 }, (_, i) => i + 1));
    expect(progress).toEqual([50, 100, 120]);
    // Each command's own time counts against its method (limits.md:127).
    expect(noted).toHaveLength(120);
    expect(noted[0]).toBe('crm.lead.get {"operating_reset_at":1760000000}');
  });

  test('a command the portal refused carries its own failure; the others their results', async () => {
    const { ctx } = contextFor(async (body) => answerOf(body, { '2': 'NOT_FOUND' }));
    const outcomes = await runBatch(commands(3), {}, ctx);
    expect(outcomes).toEqual([
      { ok: true, result: 1 },
      {
        ok: false,
        error: expect.objectContaining({
          method: 'crm.lead.get',
          portalError: 'NOT_FOUND',
          message: expect.objectContaining({ params: expect.objectContaining({ details: 'about 2' }) }),
        }),
      },
      { ok: true, result: 3 },
    ]);
  });

  test('a chunk that fails as every request would (the webhook refused) stops the chunks after it, unsent', async () => {
    const refused = new BitrixError({
      code: 'auth_invalid',
      portal: 'example.bitrix24.com',
      method: 'batch',
      message: { code: 'auth_invalid', params: { portal: 'example.bitrix24.com', portalError: 'NO_AUTH_FOUND' } },
    });
    let calls = 0;
    const { ctx } = contextFor(async () => {
      calls += 1;
      throw refused;
    });
    const outcomes = await runBatch(commands(60), {}, ctx);
    expect(calls).toBe(1);
    expect(outcomes).toHaveLength(60);
    expect(outcomes.every((outcome) => !outcome.ok && outcome.error.code === 'auth_invalid')).toBe(true);
  });

  test('a chunk that fails on its own (a timeout) does not stop the next one', async () => {
    let calls = 0;
    const { ctx } = contextFor(async (body) => {
      calls += 1;
      if (calls === 1)
        throw new BitrixError({
          code: 'timeout',
          portal: 'example.bitrix24.com',
          method: 'batch',
          timeoutMs: 2000,
          message: { code: 'timeout', params: { portal: 'example.bitrix24.com', seconds: 2 } },
        });
      return answerOf(body);
    });
    const outcomes = await runBatch(commands(60), {}, ctx);
    expect(calls).toBe(2);
    expect(outcomes.slice(0, 50).every((outcome) => !outcome.ok && outcome.error.code === 'timeout')).toBe(true);
    expect(outcomes[50]).toEqual({ ok: true, result: 51 });
  });

  test('an answer that is not a batch answer, or that leaves a command out, is bad for those commands', async () => {
    const { ctx } = contextFor(async () => ({ result: 'nonsense' }));
    expect((await runBatch(commands(2), {}, ctx)).map((outcome) => !outcome.ok && outcome.error.code)).toEqual(['bad_response', 'bad_response']);
    const partial = contextFor(async () => ({ result: { result: { c0: 1 }, result_error: [] } }));
    const outcomes = await runBatch(commands(2), {}, partial.ctx);
    expect(outcomes[0]).toEqual({ ok: true, result: 1 });
    expect(outcomes[1]).toMatchObject({ ok: false, error: { code: 'bad_response' } });
    // The command the answer left out is the one named.
    expect(!outcomes[1]?.ok && outcomes[1]?.error.message).toEqual({
      code: 'bad_response_unexpected',
      params: { portal: 'example.bitrix24.com', method: 'crm.lead.get' },
    });
  });

  test('cancelling throws instead of turning into outcomes', async () => {
    const cancelled = new BitrixError({
      code: 'cancelled',
      portal: 'example.bitrix24.com',
      method: 'batch',
      message: { code: 'cancelled', params: { portal: 'example.bitrix24.com' } },
    });
    const { ctx } = contextFor(async () => {
      throw cancelled;
    });
    await expect(runBatch(commands(2), {}, ctx)).rejects.toBe(cancelled);
  });
});
