import type { Context, Handler } from 'aws-lambda';
import type { LocalHandlerBuilder, LocalHandlers } from '../handlers';
import { invokeHandler } from '../lambda-context';
import type { AwsFaultProxy } from './aws-fault-proxy';
import { ProcessKilledError } from './errors';

/** The handlers whose process a scenario can kill. */
export type KillableHandler = 'processor' | 'aggregator';

/** How long a killed invocation's leftover calls may take to fail before the new process starts, wall ms. */
const ZOMBIE_WAIT_MILLIS = 30_000;

/**
 * Kills a handler's process in the middle of an invocation, as a crash, an out-of-memory or a timeout does in Lambda:
 * once the invocation has made `afterCalls` AWS calls, its proxy cuts every connection (so nothing it still sends
 * lands), the invocation fails with `Runtime.ExitError`, and the next one runs on a fresh cold start (new clients and
 * caches). The event source mapping then retries the batch like Lambda: whatever the dead process wrote before
 * must not be counted twice.
 */
export class ProcessKiller {
  /** Kills done, per handler. */
  readonly kills: Record<KillableHandler, number> = { processor: 0, aggregator: 0 };
  private readonly armed: Record<KillableHandler, number | undefined> = { processor: undefined, aggregator: undefined };

  constructor(private readonly proxies: Readonly<Record<KillableHandler, AwsFaultProxy>>) {}

  /** Kills `handler` during its next invocation, after `afterCalls` of its AWS calls have been answered. */
  arm(handler: KillableHandler, afterCalls: number): void {
    this.armed[handler] = afterCalls;
  }

  /** Wraps the handlers for `PipelineOptions.wrapHandlers`: `rebuild` is the cold start after a kill. */
  wrap(handlers: LocalHandlers, rebuild: LocalHandlerBuilder): LocalHandlers {
    const current = { processor: handlers.processor, aggregator: handlers.aggregator };
    const killable = <E, R>(name: KillableHandler, pick: (h: typeof current) => Handler<E, R>): Handler<E, R> => {
      const invoke = async (event: E, context: Context): Promise<R | undefined> => {
        const afterCalls = this.armed[name];
        const running = invokeHandler(pick(current), event, context);
        if (afterCalls === undefined) return running;
        this.armed[name] = undefined;
        const killed = this.killAfter(name, afterCalls);
        const outcome = await Promise.race([
          running.then(
            (result) => ({ killed: false as const, result }),
            (error: unknown) => ({ killed: false as const, error }),
          ),
          killed.then(() => ({ killed: true as const })),
        ]);
        const proxy = this.proxies[name];
        proxy.afterForward = undefined;
        if (!outcome.killed) {
          // The invocation ended before its n-th call: it lives; arm again for the next one.
          this.armed[name] = afterCalls;
          if ('error' in outcome) throw outcome.error;
          return outcome.result;
        }
        await Promise.race([running.catch(() => undefined), new Promise((r) => setTimeout(r, ZOMBIE_WAIT_MILLIS))]);
        // Only the killed function starts cold; the other keeps its warm instance.
        if (name === 'processor') current.processor = rebuild('processor');
        else current.aggregator = rebuild('aggregator');
        proxy.restore();
        this.kills[name]++;
        throw new ProcessKilledError(`Runtime.ExitError: the ${name} process was killed after ${afterCalls} AWS calls`);
      };
      return invoke as Handler<E, R>;
    };
    return {
      ...handlers,
      processor: killable('processor', (h) => h.processor),
      aggregator: killable('aggregator', (h) => h.aggregator),
    };
  }

  private killAfter(name: KillableHandler, afterCalls: number): Promise<void> {
    const proxy = this.proxies[name];
    return new Promise((resolve) => {
      let calls = 0;
      proxy.afterForward = () => {
        if (++calls < afterCalls) return;
        proxy.afterForward = undefined;
        proxy.cut();
        resolve();
      };
    });
  }
}
