import { ADMIN, bound, rule } from '../../../shared/permissions';
import { historyResolver, restoreResolver, versioned } from '../../../shared/history';
import { getLive } from '../../../shared/lookup';
import { City } from '../entities/City';
import { SettlementYear } from '../entities/SettlementYear';

/* The history of city profiles and their settlement years; shared/history.ts records it and answers it. */
versioned(City);
versioned(SettlementYear, { partOf: [City, 'city'], keep: ['year'] });

export const CityHistoryResolver = historyResolver(City);
export const SettlementYearHistoryResolver = historyResolver(SettlementYear);

export const RestoreCityVersionResolver = restoreResolver(City, {
  load: (em, _ctx, id) => getLive(em, City, id),
  right: rule<City>('A municipality may edit only its own city.', ADMIN, { role: 'municipality', when: bound.toCity((city) => city.id) }),
  // the slug and the country are the secretariat's (updateCity refuses them to municipalities)
  keep: ['slug', 'countryCode'],
});
