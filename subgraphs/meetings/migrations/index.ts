import { migrationList } from '../../../shared/database';
import { Migration20261122010000MeetingsInitial } from './Migration20261122010000MeetingsInitial';
import { Migration20261202010000MeetingsIndexes } from './Migration20261202010000MeetingsIndexes';
import { Migration20261202120000MeetingsSearchKey } from './Migration20261202120000MeetingsSearchKey';
import { Migration20261202121000MeetingsHistory } from './Migration20261202121000MeetingsHistory';
import { Migration20261202121500MeetingsWebhooks } from './Migration20261202121500MeetingsWebhooks';
import { Migration20261202170000MeetingsCommitmentPlaces } from './Migration20261202170000MeetingsCommitmentPlaces';
import { Migration20261202181000MeetingsSignatoryCount } from './Migration20261202181000MeetingsSignatoryCount';
import { Migration20261203150000MeetingsAgendaRank } from './Migration20261203150000MeetingsAgendaRank';

/** The meetings subgraph's migrations, oldest first. Never edit one that has shipped: add a new one. */
export const migrations = migrationList({
  Migration20261122010000MeetingsInitial,
  Migration20261202010000MeetingsIndexes,
  Migration20261202120000MeetingsSearchKey,
  Migration20261202121000MeetingsHistory,
  Migration20261202121500MeetingsWebhooks,
  Migration20261202170000MeetingsCommitmentPlaces,
  Migration20261202181000MeetingsSignatoryCount,
  Migration20261203150000MeetingsAgendaRank,
});
