import { defineHistoryEntity } from '../../../shared/history';

/** This subgraph's history table (see shared/history.ts). */
export const RecordVersion = defineHistoryEntity();
