/**
 * How step failures reach the state machine: transient model outages (after the gateway's own
 * retries) as `ModelUnavailable`, which it retries; everything the model refused, and our own GEN
 * errors, as terminal GEN codes; and which code the failure step records for each.
 */
import { APIConnectionError, APIError } from '@anthropic-ai/sdk';
import { describe, expect, it } from 'vitest';
import { gatewayFailure } from '../llm/model-errors.ts';
import { RequestFailedError } from '../llm/retries.ts';
import { GenerationError, generationErrorCode, generationErrorMessage } from './job-lifecycle.ts';
import { classifyModelError, ModelUnavailableError } from './step-errors.ts';

const apiError = (status: number) =>
  APIError.generate(status, { type: 'error', error: { type: 'x', message: 'boom' } }, 'boom', new Headers());

describe('classifyModelError', () => {
  it('turns an outage that outlasted the gateway retries into ModelUnavailable, keeping its message', () => {
    for (const status of [429, 500, 529]) {
      const failure = gatewayFailure(new RequestFailedError(apiError(status), 4, 'attempts_exhausted'), []);
      const classified = classifyModelError(failure);
      expect(classified).toBeInstanceOf(ModelUnavailableError);
      expect((classified as Error).name).toBe('ModelUnavailable');
      expect((classified as Error).message).toBe((failure as Error).message);
    }
    const unreachable = new APIConnectionError({ message: 'socket hang up' });
    expect(classifyModelError(unreachable)).toBeInstanceOf(ModelUnavailableError);
  });

  it('keeps refusals terminal: a bad key is GEN_005, unusable content GEN_006', () => {
    const badKey = gatewayFailure(new RequestFailedError(apiError(401), 1, 'not_retryable'), []);
    expect(classifyModelError(badKey)).toMatchObject({ name: 'GEN_005' });
    expect(classifyModelError(apiError(400))).toMatchObject({ name: 'GEN_005' });
    const unusable = new GenerationError('GEN_006', 'not JSON');
    expect(classifyModelError(unusable)).toBe(unusable);
  });

  it('leaves errors that have nothing to do with the model unchanged', () => {
    const bug = new TypeError('x is undefined');
    expect(classifyModelError(bug)).toBe(bug);
  });
});

describe('the GEN code a failed run records', () => {
  it('is the error’s own GEN code, GEN_005 for an unavailable model, GEN_001 otherwise', () => {
    expect(generationErrorCode({ Error: 'GEN_006' })).toBe('GEN_006');
    expect(generationErrorCode({ Error: 'ModelUnavailable' })).toBe('GEN_005');
    expect(generationErrorCode({ Error: 'TypeError' })).toBe('GEN_001');
    expect(generationErrorCode({ Error: 'GEN_999' })).toBe('GEN_001');
  });

  it('is the step’s own code when the step ran out of time', () => {
    expect(generationErrorCode({ Error: 'States.Timeout' }, 'web_research')).toBe('GEN_002');
    expect(generationErrorCode({ Error: 'Sandbox.Timedout' }, 'pdf_rendering')).toBe('GEN_004');
    expect(generationErrorCode({ Error: 'States.Timeout' }, 'outline_creation')).toBe('GEN_001');
  });

  it('carries the Lambda error message, or the code’s own message', () => {
    const cause = JSON.stringify({
      errorType: 'ModelUnavailable',
      errorMessage: 'Anthropic is overloaded (529)',
    });
    expect(generationErrorMessage({ Error: 'ModelUnavailable', Cause: cause })).toBe(
      'Anthropic is overloaded (529)',
    );
    expect(generationErrorMessage({ Error: 'States.Timeout' }, 'web_research')).toBe(
      'Research took too long, please try a more specific topic',
    );
  });
});
