import type { SchedulerLike, Subscription } from 'rxjs';
import type { CloseOptions } from '../types.js';
import { checkCloseOptions } from './closeOptions.js';

/**
 * `close()`: stops intake once, resolves when the pipeline has completed (every call is over), and arms the
 * deadline after which the calls still running are given up on.
 */
export class Shutdown {
  /** `close()` was called: new requests are refused. */
  closed = false;
  private closing: Promise<void> | undefined = undefined;
  private markClosed: () => void = doNothing;
  private pipelineDone = false;
  private deadlineTimer: Subscription | undefined = undefined;

  /**
   * @param stopIntake Refuses what waits for room and completes the intake, which drains the pipeline.
   * @param passDeadline Gives up on whatever is still running or not started, `deadlineMs` after `close`.
   */
  constructor(
    private readonly scheduler: SchedulerLike,
    private readonly stopIntake: () => void,
    private readonly passDeadline: (deadlineMs: number) => void,
  ) {}

  close(options?: CloseOptions): Promise<void> {
    const invalid = checkCloseOptions(options);
    if (invalid !== undefined) return Promise.reject(invalid);
    const deadlineMs = options?.deadlineMs;
    if (deadlineMs !== undefined && this.deadlineTimer === undefined && !this.pipelineDone) {
      this.deadlineTimer = this.scheduler.schedule(() => this.passDeadline(deadlineMs), deadlineMs);
    }
    if (this.closing === undefined) {
      this.closed = true;
      this.closing = new Promise<void>((resolve) => (this.markClosed = resolve));
      this.stopIntake();
    }
    return this.closing;
  }

  /** The pipeline has completed: every call is over, and `close()` resolves. */
  pipelineCompleted(): void {
    this.pipelineDone = true;
    this.deadlineTimer?.unsubscribe();
    this.markClosed();
  }
}

function doNothing(): void {}
