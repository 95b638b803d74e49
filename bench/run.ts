import 'reflect-metadata';
import { configureLogger, type LogLevel } from '../shared/logger';
import { runScale } from './scale';
import { runSideBySide } from './side-by-side';

/**
 * `npm run bench`: the side-by-side benchmark (bench/side-by-side.ts);
 * `npm run bench -- --scale`: latency by data size (bench/scale.ts).
 * Both run on the server given by DATABASE_URL (in a scratch database they drop), else on the
 * embedded database in memory, and stop every process they start.
 */
const scale = process.argv.includes('--scale');
// a log line per request would bury the figures (and cost the contenders CPU): warnings only, unless
// HUB_LOG_LEVEL says otherwise; the contenders' processes (bench/child.ts) inherit it
process.env.HUB_LOG_LEVEL ??= 'warn';
configureLogger(process.env.HUB_LOG_LEVEL as LogLevel);

(scale ? runScale() : runSideBySide()).then(
  () => process.exit(0),
  (error) => {
    // a failing bulk statement quotes its whole SQL: keep the message short
    console.error(error instanceof Error ? `${error.message.slice(0, 1500)}\n${error.stack?.split('\n').slice(1, 6).join('\n')}` : error);
    process.exit(1);
  },
);
