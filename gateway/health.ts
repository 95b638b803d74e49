import { healthRouter, probeState, type DependencyState } from '../shared/health';

/**
 * The gateway's `/live`, `/health` and `/ready`. Readiness asks each subgraph's own `/ready` (which
 * checks its database) and reports the subgraphs by name only, never their internal addresses.
 */
export function healthRoutes(subgraphUrls: Record<string, string>) {
  return healthRouter(async () => {
    const names = Object.keys(subgraphUrls);
    const states = await Promise.all(
      names.map((name) =>
        probeState(async (signal) => {
          const response = await fetch(new URL('/ready', subgraphUrls[name]), { signal });
          await response.arrayBuffer();
          return response.ok;
        }),
      ),
    );
    const subgraphs: Record<string, DependencyState> = Object.fromEntries(names.map((name, i) => [name, states[i]]));
    return { ready: states.every((s) => s === 'up'), subgraphs };
  });
}
