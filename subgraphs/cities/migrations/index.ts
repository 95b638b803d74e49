import { migrationList } from '../../../shared/database';
import { Migration20261122000000CitiesInitial } from './Migration20261122000000CitiesInitial';
import { Migration20261202000000CitiesIndexes } from './Migration20261202000000CitiesIndexes';
import { Migration20261202120000CitiesHistory } from './Migration20261202120000CitiesHistory';
import { Migration20261202170000CitiesNationalFigures } from './Migration20261202170000CitiesNationalFigures';

/** The cities subgraph's migrations, oldest first. Never edit one that has shipped: add a new one. */
export const migrations = migrationList({
  Migration20261122000000CitiesInitial,
  Migration20261202000000CitiesIndexes,
  Migration20261202120000CitiesHistory,
  Migration20261202170000CitiesNationalFigures,
});
