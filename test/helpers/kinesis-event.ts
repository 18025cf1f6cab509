import type { Context, KinesisStreamEvent, KinesisStreamRecord } from 'aws-lambda';
import { pointAtDistance, type PreparedRoute } from '../../core/race';
import type { WireFix, WireFrame } from '../../core/wire/wire-frame';
import { kinesisEventRecord } from '../../local/kinesis-mapping';

/** Shard of the records these factories build. */
export const TEST_SHARD_ID = 'shardId-000000000000';

/** A Kinesis record carrying `data` (a frame is JSON-encoded, a string is sent as is), as local mode delivers it. */
export function kinesisRecord(
  data: WireFrame | string,
  sequenceNumber: string,
  arrivalMs = Date.now(),
): KinesisStreamRecord {
  const raw = typeof data === 'string' ? data : JSON.stringify(data);
  return kinesisEventRecord(
    { partitionKey: 'gateway-1', sequenceNumber, arrivalMs, data: Buffer.from(raw, 'utf8') },
    TEST_SHARD_ID,
    'arn:aws:kinesis:eu-west-1:123456789012:stream/fixes',
    'arn:aws:iam::123456789012:role/processor',
  );
}

/** A Kinesis event of `frames`, numbered from `firstSequence`. */
export function kinesisEvent(frames: readonly (WireFrame | string)[], firstSequence = 1): KinesisStreamEvent {
  return { Records: frames.map((f, i) => kinesisRecord(f, String(firstSequence + i))) };
}

/** A Lambda context good enough for Powertools outside Lambda. */
export function lambdaContext(): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: 'processor',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:processor',
    memoryLimitInMB: '512',
    awsRequestId: 'test-request',
    logGroupName: '/aws/lambda/processor',
    logStreamName: 'test',
    getRemainingTimeInMillis: () => 60_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/** A rider riding a route at constant speed, for frames of a real stage. */
export interface RiderRide {
  readonly device: string;
  readonly startMeters: number;
  readonly speedMetersPerSecond: number;
}

/**
 * Frames of one fix per rider per second along `route`, `secondsPerFrame` fixes per rider in each frame; each
 * frame is sent half a second after its last fix. Sequence numbers count seconds from `startMs`.
 */
export function rideFrames(
  route: PreparedRoute,
  riders: readonly RiderRide[],
  startMs: number,
  frameCount: number,
  secondsPerFrame = 5,
): WireFrame[] {
  const frames: WireFrame[] = [];
  for (let f = 0; f < frameCount; f += 1) {
    const fixes: WireFix[] = [];
    for (let s = 0; s < secondsPerFrame; s += 1) {
      const second = f * secondsPerFrame + s;
      for (const r of riders) {
        const at = pointAtDistance(route, r.startMeters + r.speedMetersPerSecond * second);
        fixes.push({ device: r.device, seq: second, t: startMs + second * 1000, lat: at.lat, lon: at.lon, hdop: 1 });
      }
    }
    frames.push({ v: 1, gateway: 'gw-1', sentAt: startMs + (f + 1) * secondsPerFrame * 1000 - 500, fixes });
  }
  return frames;
}
