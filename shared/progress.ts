/**
 * Start-up steps, reported to whoever starts the hub (bin/start.ts prints them; tests pass nothing).
 * Shared code reports through this callback and never writes to the console itself.
 */
export interface ProgressEvent {
  /** The subgraph the step belongs to; none: the gateway or the hub as a whole. */
  subgraph?: string;
  /** Position of the subgraph among those starting (1-based) and how many there are. */
  index?: number;
  total?: number;
  /** What is happening now, e.g. "migrating (1 migration)" or "loading the sample data". */
  step: string;
}

export type Progress = (event: ProgressEvent) => void;

/** Reports nothing. */
export const quiet: Progress = () => {};

/** A reporter that tags every event with one subgraph's name and position. */
export const forSubgraph = (progress: Progress, subgraph: string, index?: number, total?: number) => (step: string) =>
  progress({ subgraph, index, total, step });
