import express from 'express';

/**
 * Health endpoints, the same on the gateway and on every subgraph. `/live` (and its older name
 * `/health`) says only that the process is up and serving HTTP: 200 `{"status":"ok"}`, nothing about
 * dependencies or addresses, so that an orchestrator never restarts a healthy process because a
 * dependency is down. `/ready` says whether its dependencies are ready to serve: 200 when they all
 * are, 503 otherwise, each by name with `up`, `down` or `slow` (no answer within the probe's limit).
 */
export type DependencyState = 'up' | 'down' | 'slow';

/** How long a readiness probe waits for a dependency before calling it slow. */
export const READY_PROBE_TIMEOUT_MS = 2000;

export class ProbeTimeout extends Error {}

/** Runs a probe with a time limit: `up` when it resolves to true, `slow` past the limit, `down` otherwise. */
export async function probeState(
  probe: (signal: AbortSignal) => Promise<boolean>,
  timeoutMs = READY_PROBE_TIMEOUT_MS,
): Promise<DependencyState> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<DependencyState>((resolve) => {
    timer = setTimeout(() => {
      controller.abort();
      resolve('slow');
    }, timeoutMs);
  });
  try {
    return await Promise.race([
      probe(controller.signal).then(
        (ok): DependencyState => (ok ? 'up' : 'down'),
        (): DependencyState => (controller.signal.aborted ? 'slow' : 'down'),
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** `/live`, `/health` and `/ready` (given the dependencies' probes, by name). */
export function healthRouter(readiness: () => Promise<Record<string, unknown> & { ready: boolean }>) {
  const router = express.Router();
  const live = (_req: express.Request, res: express.Response) => {
    res.json({ status: 'ok' });
  };
  router.get('/live', live);
  router.get('/health', live);
  router.get('/ready', async (_req, res) => {
    const { ready, ...details } = await readiness();
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not ready', ...details });
  });
  return router;
}
