import pino, { type DestinationStream, type Logger } from 'pino';

/**
 * The hub's structured log: JSON lines on stdout (pino), one per request (shared/telemetry.ts), with
 * the service, request id, trace id, operation name, status and duration. `HUB_LOG_LEVEL` sets the
 * level; under the test runner (NODE_ENV=test) it defaults to `silent`.
 */

export type { Logger };

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const defaultLogLevel = (env: NodeJS.ProcessEnv = process.env): LogLevel => (env.NODE_ENV === 'test' ? 'silent' : 'info');

/** A JSON logger; `destination` defaults to stdout. */
export function createLogger(options: { level?: LogLevel; destination?: DestinationStream } = {}): Logger {
  const settings = {
    level: options.level ?? defaultLogLevel(),
    base: { pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label: string) => ({ level: label }) },
  };
  return options.destination ? pino(settings, options.destination) : pino(settings);
}

let root: Logger | null = null;

/** The process's logger (created on first use at the default level unless configureLogger ran). */
export function rootLogger(): Logger {
  return (root ??= createLogger());
}

/** Sets the process's logger level (bin/*: from HUB_LOG_LEVEL). */
export function configureLogger(level: LogLevel): Logger {
  root = createLogger({ level });
  return root;
}
