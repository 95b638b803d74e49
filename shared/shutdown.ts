/**
 * Clean shutdown on SIGTERM and SIGINT: `stop` stops taking requests, lets those in flight finish
 * (within HUB_SHUTDOWN_GRACE_MS), closes the databases and releases the data directory; the process
 * then exits 0. A repeated signal (npm forwards the terminal's Ctrl-C a second time) changes
 * nothing; a stop that fails exits 1 with its reason.
 */
export function exitOnSignals(stop: () => Promise<void>, log: (line: string) => void = console.log) {
  let stopping = false;
  const handler = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: stopping (finishing the requests in flight)…`);
    stop().then(
      () => process.exit(0),
      (error) => {
        console.error('Could not stop cleanly:', error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
}
