import { Entity } from '@mikro-orm/core';
import { RecordVersionBase } from '../../../shared/history';

/** This subgraph's history table: one row per change of a versioned record (see shared/history.ts). */
@Entity({ tableName: 'record_version' })
export class RecordVersion extends RecordVersionBase {}
