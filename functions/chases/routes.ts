import { randomBytes } from 'node:crypto';
import { localDate, systemClock } from '../../shared/clock/clock.js';
import { NotFound } from '../../shared/domain/errors.js';
import { describeExecution, startExecution } from '../../shared/executions/step-functions.js';
import { jsonBody } from '../../shared/http/body.js';
import { ServiceUnavailable } from '../../shared/http/errors.js';
import { describeError, log } from '../../shared/http/log.js';
import { json } from '../../shared/http/response.js';
import { route } from '../../shared/http/router.js';
import { ChaseParams, StartChaseBody } from './schema.js';

const clock = systemClock;
/** The chase counts its days in Shanghai time (as PlanChase does when no day is given). */
const TIME_ZONE = 'Asia/Shanghai';

export function chaseRoutes({ stateMachineArn }: { stateMachineArn: string }) {
  /**
   * Starts the chase of a day (today in Asia/Shanghai by default) as `chase-<date>-<random>`. Two runs of
   * one day may overlap: every level and digest the chase writes is conditional, so nothing is sent twice.
   */
  const start = route({
    action: 'chase:start',
    body: jsonBody(StartChaseBody),
    handle: async ({ body, principal }) => {
      const date = body?.date ?? localDate(clock, TIME_ZONE);
      const executionId = `chase-${date}-${randomBytes(4).toString('hex')}`;
      try {
        await startExecution(stateMachineArn, executionId, { date });
      } catch (error) {
        log.error('StartExecution failed', { executionId, by: principal.subject ?? principal.role, error: describeError(error) });
        throw new ServiceUnavailable('The chase could not be started; please try again later', '督办未能启动，请稍后重试');
      }
      return json(202, { executionId, date, status: 'RUNNING' }, { location: `/chases/${executionId}` });
    },
  });

  const get = route({
    action: 'chase:read',
    params: ChaseParams,
    handle: async ({ params }) => {
      const execution = await describeExecution(stateMachineArn, params.executionId);
      // Nothing else to tell while Step Functions cannot say: the chase's outcome is its execution's.
      if (execution === undefined)
        throw new ServiceUnavailable('The chase cannot be read right now; please try again later', '暂时无法读取督办运行，请稍后重试');
      if (execution === 'MISSING') throw new NotFound(`No chase ${params.executionId}`, '未找到该督办运行');
      const date = params.executionId.slice('chase-'.length, 'chase-YYYY-MM-DD'.length);
      const status = execution.status ?? 'RUNNING';
      const output = status === 'SUCCEEDED' && execution.output ? (JSON.parse(execution.output) as unknown) : undefined;
      return json(200, {
        executionId: params.executionId,
        status,
        date,
        ...(output === undefined ? {} : { output }),
        ...(execution.error ? { error: { Error: execution.error, Cause: execution.cause ?? '' } } : {}),
      });
    },
  });

  return { start, get };
}
