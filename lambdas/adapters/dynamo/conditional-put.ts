import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand, type DynamoDBDocumentClient, type PutCommandInput } from '@aws-sdk/lib-dynamodb';
import { storeErrorOf } from '../../../core/ports/errors';

/** Writes at most this many items at once (the SDK warns past 50 sockets). */
export const PUT_CONCURRENCY = 16;

/** Runs conditional PutItems; a failed condition counts as skipped, any other SDK error is thrown typed. */
export async function conditionalPuts(
  client: DynamoDBDocumentClient,
  inputs: readonly PutCommandInput[],
): Promise<{ written: number; skipped: number }> {
  let written = 0;
  let skipped = 0;
  for (let i = 0; i < inputs.length; i += PUT_CONCURRENCY) {
    const outcomes = await Promise.allSettled(
      inputs.slice(i, i + PUT_CONCURRENCY).map((input) => client.send(new PutCommand(input))),
    );
    for (const outcome of outcomes) {
      if (outcome.status === 'fulfilled') written += 1;
      else if (outcome.reason instanceof ConditionalCheckFailedException) skipped += 1;
      else throw storeErrorOf('PutItem', outcome.reason);
    }
  }
  return { written, skipped };
}
