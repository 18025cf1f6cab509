import { randomUUID } from 'node:crypto';
import type { Callback, Context, Handler } from 'aws-lambda';
import { LOCAL_AWS } from './aws-clients';
import { InvocationError } from './errors';

/** Account id moto answers with; used in the ARNs of local events. */
export const LOCAL_ACCOUNT_ID = '123456789012';

/** A Lambda context for one local invocation of `functionName`, with a fresh request id and a running deadline. */
export function localLambdaContext(functionName: string, timeoutMillis = 60_000): Context {
  const deadline = Date.now() + timeoutMillis;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${LOCAL_AWS.region}:${LOCAL_ACCOUNT_ID}:function:${functionName}`,
    memoryLimitInMB: '1024',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/** Invokes a Lambda handler the way the runtime does: async handlers resolve, callback-style ones call back. */
export function invokeHandler<E, R>(handler: Handler<E, R>, event: E, context: Context): Promise<R | undefined> {
  return new Promise<R | undefined>((resolve, reject) => {
    const callback: Callback<R> = (error, result) => (error ? reject(error) : resolve(result));
    try {
      const returned = handler(event, context, callback);
      if (returned !== undefined) Promise.resolve(returned).then(resolve, reject);
    } catch (error) {
      reject(error instanceof Error ? error : new InvocationError(String(error), { cause: error }));
    }
  });
}
