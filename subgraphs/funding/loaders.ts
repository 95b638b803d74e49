import type { FilterQuery } from '@mikro-orm/core';
import type { HubContext } from '../../shared/context';
import { Budget } from './entities/Budget';
import { ActivityCityRole, type ParticipationRole } from './entities/enums';
import { Fund } from './entities/Fund';
import { FundingActivity } from './entities/FundingActivity';
import { Participation } from './entities/Participation';
import { Result } from './entities/Result';
import { Transaction } from './entities/Transaction';
import { visibleWhere } from './permissions';
import { currencyTotalsSql, type CurrencyTotalsRow } from './sql';

const byStart = { startDate: 'desc', identifier: 'asc' } as const;

/** The batched reads of the funding subgraph, one query per relation and request. */
export const loaders = (ctx: HubContext) => ({
  fund: ctx.loaders.byId(Fund),
  activity: ctx.loaders.byId(FundingActivity),
  participationsOfActivity: ctx.loaders.manyBy(Participation, 'activity', { orderBy: { role: 'asc' } }),
  budgetsOfActivity: ctx.loaders.manyBy(Budget, 'activity', { orderBy: { periodStart: 'asc' } }),
  transactionsOfActivity: ctx.loaders.manyBy(Transaction, 'activity', { orderBy: { transactionDate: 'asc' } }),
  resultsOfActivity: ctx.loaders.manyBy(Result, 'activity', { orderBy: { createdAt: 'asc' } }),
  childrenOfActivity: ctx.loaders.manyBy(FundingActivity, 'parent', {
    orderBy: byStart,
    where: visibleWhere(ctx.identity),
    key: 'visible',
  }),
  activitiesOfFund: ctx.loaders.manyBy(FundingActivity, 'fund', { orderBy: byStart, where: visibleWhere(ctx.identity), key: 'visible' }),

  /** The visible activities a city takes part in or benefits from; the key is `cityId` or `cityId:ROLE`. */
  activitiesOfCity: ctx.loaders.custom<string, FundingActivity[]>('activitiesOfCity', async (em, keys) => {
    const ids = [...new Set(keys.map((k) => k.split(':')[0]))];
    const rows = await em.find(
      FundingActivity,
      {
        $and: [visibleWhere(ctx.identity), { $or: [{ participatingCityIds: { $overlap: ids } }, { recipientCityIds: { $overlap: ids } }] }],
      } as FilterQuery<FundingActivity>,
      { orderBy: { ...byStart, id: 'asc' } },
    );
    return keys.map((key) => {
      const [cityId, role] = key.split(':');
      return rows.filter(
        (a) =>
          (role !== ActivityCityRole.RECIPIENT && a.participatingCityIds.includes(cityId)) ||
          (role !== ActivityCityRole.PARTICIPATING && a.recipientCityIds.includes(cityId)),
      );
    });
  }),

  /** The visible activities an organisation takes part in; the key is `organisationId` or `organisationId:ROLE`. */
  activitiesOfOrganisation: ctx.loaders.custom<string, FundingActivity[]>('activitiesOfOrganisation', async (em, keys) => {
    const ids = [...new Set(keys.map((k) => k.split(':')[0]))];
    const participations = await em.find(
      Participation,
      { organisationId: { $in: ids } },
      { fields: ['activity', 'organisationId', 'role'] },
    );
    const activityIds = [...new Set(participations.map((p) => p.activity.id))];
    const activities = activityIds.length
      ? await em.find(
          FundingActivity,
          { $and: [visibleWhere(ctx.identity), { id: { $in: activityIds } }] } as FilterQuery<FundingActivity>,
          {
            orderBy: { ...byStart, id: 'asc' },
          },
        )
      : [];
    return keys.map((key) => {
      const [organisationId, role] = key.split(':') as [string, ParticipationRole | undefined];
      const mine = new Set(
        participations.filter((p) => p.organisationId === organisationId && (!role || p.role === role)).map((p) => p.activity.id),
      );
      return activities.filter((a) => mine.has(a.id));
    });
  }),

  /** The visible activities whose transactions an organisation receives. */
  activitiesReceivedBy: ctx.loaders.custom<string, FundingActivity[]>('activitiesReceivedBy', async (em, organisationIds) => {
    const transactions = await em.find(Transaction, { receiverOrganisationId: { $in: [...organisationIds] } });
    const activityIds = [...new Set(transactions.map((t) => t.activity.id))];
    const activities = activityIds.length
      ? await em.find(
          FundingActivity,
          { $and: [visibleWhere(ctx.identity), { id: { $in: activityIds } }] } as FilterQuery<FundingActivity>,
          {
            orderBy: { ...byStart, id: 'asc' },
          },
        )
      : [];
    return organisationIds.map((organisationId) => {
      const mine = new Set(transactions.filter((t) => t.receiverOrganisationId === organisationId).map((t) => t.activity.id));
      return activities.filter((a) => mine.has(a.id));
    });
  }),

  fundsManagedBy: ctx.loaders.manyBy(Fund, 'managingOrganisationId', { orderBy: { name: 'asc' } }),

  /** Budget and transaction totals per currency of many activities, summed by Postgres. */
  totalsOfActivity: ctx.loaders.custom<string, CurrencyTotalsRow[]>('totalsOfActivity', async (em, activityIds) => {
    const rows = await currencyTotalsSql(em, { sql: '?', bindings: [[...activityIds]] }, true);
    return activityIds.map((id) => rows.filter((r) => r.activity_id === id));
  }),
});
