import type { Problem } from './problem.js';

/**
 * Typed failures of the domain. Handlers throw them; shared/http maps them to HTTP in one place and
 * workflow tasks let them surface as the Step Functions error name (the class name).
 */
export abstract class DomainError extends Error {
  abstract readonly code: string;
  constructor(
    override readonly message: string,
    readonly messageZh: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Input that breaks a rule; `problems` name every field and rule at once. */
export class InvalidInput extends DomainError {
  readonly code = 'invalid_input';
  constructor(
    readonly problems: Problem[],
    message = 'The request is invalid',
    messageZh = '请求内容不符合要求',
  ) {
    super(message, messageZh);
  }
}

export class NotFound extends DomainError {
  readonly code = 'not_found';
}

/** The caller may not do this (as opposed to: the thing does not exist for the caller, which is NotFound). */
export class Forbidden extends DomainError {
  readonly code = 'forbidden';
}

/** The state of the data forbids the change (a stale version, a running breakdown, an illegal transition). */
export class Conflict extends DomainError {
  readonly code: string = 'conflict';
}

/** The write carried a version that is no longer the current one: nothing was written. */
export class StaleVersion extends Conflict {
  override readonly code = 'stale_version';
  constructor(readonly currentVersion: number) {
    super(
      `The task has changed since you read it (it is now at version ${currentVersion}); read it again and retry`,
      `任务在您读取后已被修改（当前版本 ${currentVersion}），请重新读取后再提交`,
    );
  }
}

/** The action is not possible from the task's current status (the message names the allowed ones). */
export class IllegalTransition extends Conflict {
  override readonly code = 'illegal_transition';
}

/** A write that must say which version it read (If-Match or body `version`) did not. */
export class PreconditionRequired extends DomainError {
  readonly code = 'precondition_required';
}

/** A transient failure that a workflow should retry with backoff (throttling left after our own retries). */
export class RetryableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RetryableError';
  }
}
