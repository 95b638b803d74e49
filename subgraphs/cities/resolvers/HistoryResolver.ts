import { historyResolver, restoreResolver, versioned } from '../../../shared/history';
import { getLive } from '../../../shared/lookup';
import { City } from '../entities/City';
import { SettlementYear } from '../entities/SettlementYear';
import { permissions } from '../permissions';

/* The history of city profiles and their settlement years; shared/history.ts records it and answers it. */
versioned(City);
versioned(SettlementYear, { partOf: [City, 'city'], keep: ['year'] });

export const CityHistoryResolver = historyResolver(City);
export const SettlementYearHistoryResolver = historyResolver(SettlementYear);

export const RestoreCityVersionResolver = restoreResolver(City, {
  load: (em, _ctx, id) => getLive(em, City, id),
  right: permissions.updateCity,
  // the slug and the country are renamed by the secretariat alone (permissions.renameCity), never restored
  keep: ['slug', 'countryCode'],
});
