import type { Clock } from '../clock/clock.js';
import { ServiceUnavailable } from '../http/errors.js';
import { describeError, log } from '../http/log.js';
import { holderIsGone } from './run-status.js';
import { describeExecution, startExecution } from './step-functions.js';

/**
 * A workflow run that holds a lock while its execution runs (a plan's breakdown, a year's assessment). The
 * start is the same for both — take the lock, take it over from a holder whose execution has ended, start the
 * execution, give the lock back if it cannot start — and is written once here; each workflow says how its own
 * record takes, names and releases the lock.
 */
export interface LockedRun<Run> {
  stateMachineArn: string;
  /** What the workflow is called in a refusal: `{ en: 'The breakdown', zh: '任务分解' }`. */
  name: { en: string; zh: string };
  /** Records the run, taking the lock; throws when another run holds it. */
  open(): Promise<Run>;
  /** The run holding the lock, as `open`'s refusal names it; undefined for any other error. */
  holderIn(error: unknown): Promise<{ executionId: string; since: string } | undefined>;
  /** Records a holder whose execution has ended FAILED with `cause`, releasing the lock if it still holds it. */
  closeGone(executionId: string, cause: string): Promise<void>;
  /** The execution's name (unique, the run's id) and input. */
  execution(run: Run): { name: string; input: unknown };
  /** Records the run failed because its execution could not start, which releases the lock. */
  abandon(run: Run, error: Error): Promise<void>;
}

/** Takes the lock with a new run record, taking it over once from a holder whose execution has ended. */
export async function openLockedRun<Run>(run: LockedRun<Run>, clock: Clock): Promise<Run> {
  try {
    return await run.open();
  } catch (error) {
    const holder = await run.holderIn(error);
    if (!holder) throw error;
    const execution = await describeExecution(run.stateMachineArn, holder.executionId);
    if (!holderIsGone(execution === 'MISSING' ? 'MISSING' : execution?.status, holder.since, clock.now())) throw error;
    const ended = execution === 'MISSING' ? 'never started' : `ended ${execution?.status}`;
    log.warn('taking over the lock of a run whose execution has ended', { executionId: holder.executionId, ended });
    await run.closeGone(holder.executionId, `its execution ${ended} without recording an outcome`);
    return run.open();
  }
}

/** Starts the opened run's execution; if Step Functions refuses, the run is abandoned and the caller told to retry (503). */
export async function launchLockedRun<Run>(run: LockedRun<Run>, opened: Run): Promise<void> {
  const { name, input } = run.execution(opened);
  try {
    await startExecution(run.stateMachineArn, name, input);
  } catch (error) {
    log.error('StartExecution failed; abandoning the run', { executionId: name, error: describeError(error) });
    await run.abandon(opened, error as Error).catch((abandonError: unknown) =>
      // The lock then expires with the state machine's timeout; nothing else to do here.
      log.error('could not abandon the run', { executionId: name, error: describeError(abandonError) }),
    );
    throw new ServiceUnavailable(`${run.name.en} could not be started; please try again later`, `${run.name.zh}未能启动，请稍后重试`);
  }
}

/** `openLockedRun`, then `launchLockedRun`. */
export async function startLockedRun<Run>(run: LockedRun<Run>, clock: Clock): Promise<Run> {
  const opened = await openLockedRun(run, clock);
  await launchLockedRun(run, opened);
  return opened;
}
