import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../infra/local/local-stack.js';
import type { Templates } from '../../infra/local/template.js';
import { onlyResourceOfType } from '../infra/template-support.js';
import { startTestStack } from '../support/local-stack.js';
import { templates } from '../support/templates.js';

// A flood of unknown, well-formed tokens against the local HTTP API, with the real authorizer. The stage's
// burst is the template's; its refill is slowed to one a second in this test's copy of the template: on a
// busy 2-core machine one process cannot send and authorize bad tokens faster than the template's 50 a
// second, so the bucket would refill as fast as the flood drains it. The rate itself is read and applied
// the same way (test/local/routes.test.ts, test/local/failed-auth-throttle.test.ts).
const REFILL_PER_SECOND = 1;

function withSlowRefill(original: Templates): { templates: Templates; burst: number } {
  const copy = structuredClone(original);
  const [, stage] = onlyResourceOfType(copy.stateless, 'AWS::ApiGatewayV2::Stage');
  const settings = stage.Properties!.DefaultRouteSettings as { ThrottlingRateLimit: number; ThrottlingBurstLimit: number };
  settings.ThrottlingRateLimit = REFILL_PER_SECOND;
  return { templates: copy, burst: settings.ThrottlingBurstLimit };
}

const { templates: slowRefill, burst } = withSlowRefill(templates());
let stack: LocalStack;

beforeAll(async () => {
  stack = await startTestStack({ templates: slowRefill });
});

afterAll(() => stack?.stop());

const get = (token: string) => fetch(`${stack.url}/plans`, { headers: { authorization: `Bearer ${token}` } });
const unknownToken = () => `gb_${randomBytes(32).toString('base64url')}`;

describe('a flood of bad tokens from one client', () => {
  it("is refused (403) up to the stage's burst, then answered 429 with Retry-After before the authorizer, while a good token is served", async () => {
    // Prepare
    expect((await get(stack.adminToken)).status).toBe(200); // the admin token is now known good
    const started = performance.now();

    // Act
    const [answers, meanwhile] = await Promise.all([Promise.all(Array.from({ length: 150 }, () => get(unknownToken()))), get(stack.adminToken)]);
    const seconds = (performance.now() - started) / 1000;

    // Assess
    const refused = answers.filter((answer) => answer.status === 403);
    const throttled = answers.filter((answer) => answer.status === 429);
    expect(refused.length + throttled.length).toBe(150);
    expect(refused.length).toBeGreaterThanOrEqual(burst);
    expect(refused.length).toBeLessThanOrEqual(burst + Math.ceil(seconds * REFILL_PER_SECOND));
    for (const answer of throttled) {
      expect(answer.headers.get('retry-after')).toMatch(/^[1-9]\d*$/);
      expect(await answer.json()).toEqual({ message: 'Too Many Requests' });
    }
    expect(meanwhile.status).toBe(200);
  });
});
