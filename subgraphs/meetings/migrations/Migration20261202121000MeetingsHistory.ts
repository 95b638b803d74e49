import { CreateHistoryTable } from '../../../shared/history';

/** The version history table (shared/history.ts). */
export class Migration20261202121000MeetingsHistory extends CreateHistoryTable {}
