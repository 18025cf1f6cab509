import { LOCAL_AWS, localAwsEnv } from '../../local/aws-clients';
import { freeLoopbackPort, startMotoProcess, type MotoProcess } from '../../local/moto-server';

/** A moto server (DESIGN §8) started for one test file: local mode's moto process, plus a reset between tests. */
export interface MotoServer extends MotoProcess {
  /** Forgets every resource (POST /moto-api/reset). */
  reset(): Promise<void>;
}

/** Credentials and region moto accepts: local mode's, so tests and local mode talk to moto alike. */
export const MOTO_CLIENT_CONFIG = LOCAL_AWS;

/** A free TCP port on 127.0.0.1 (there is a small race between closing it and the caller binding it). */
export const freePort: () => Promise<number> = freeLoopbackPort;

/**
 * Starts moto the way local mode does (local/moto-server.ts) and waits until it answers. Call `stop()` in afterAll;
 * the process also exits when the test process does, however it ends.
 */
export async function startMoto(timeoutMillis = 20_000): Promise<MotoServer> {
  const moto = await startMotoProcess({ timeoutMillis });
  return {
    ...moto,
    reset: async () => {
      const response = await fetch(`${moto.endpoint}/moto-api/reset`, { method: 'POST' });
      if (!response.ok) throw new Error(`moto reset answered ${response.status}`);
    },
  };
}

/**
 * The environment a handler reads in local mode against this moto server: the endpoint override, moto's
 * region and dummy credentials, and no EMF metrics on stdout (local mode's own, local/aws-clients.ts).
 */
export function motoHandlerEnv(moto: MotoServer): Record<string, string> {
  return localAwsEnv(moto.endpoint);
}
