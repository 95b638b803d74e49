import { LockMode } from '@mikro-orm/core';
import type { FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { HubContext } from '../../../shared/context';
import { badInput, notFound } from '../../../shared/errors';
import { assertId, isUuid } from '../../../shared/lookup';
import { searchKey } from '../../../shared/search-key';
import { containsPattern } from '../../../shared/validation';
import { Budget } from '../entities/Budget';
import { ActivityStatus, FundingActivitySort, ParticipationRole } from '../entities/enums';
import { FundingActivity } from '../entities/FundingActivity';
import { Participation } from '../entities/Participation';
import type { FundingActivityFilter } from '../inputs';
import { loaders } from '../loaders';
import { canSee, visibleRollup, visibleWhere } from '../permissions';
import type { RollupScope } from '../sql';

/** An activity the caller may see, or NOT_FOUND (drafts of others do not exist for them). */
export const getVisibleActivity = (ctx: HubContext, em: EntityManager, id: string, field = 'id') => getActivityForWrite(ctx, em, id, field);

/** Whether the caller sees an activity, reading its participations through the request's loader. */
export async function isVisible(ctx: HubContext, activity: FundingActivity | null): Promise<boolean> {
  if (!activity) return false;
  if (activity.published) return true;
  return canSee(ctx.identity, activity, await loaders(ctx).participationsOfActivity.load(activity.id));
}

const uuidList = (ids: string[] | null | undefined, field: string) => {
  for (const id of ids ?? []) if (!isUuid(id)) throw badInput(`"${id}" is not a valid id.`, field);
};

const someParticipation = (organisationId: string, roles?: ParticipationRole[]): FilterQuery<FundingActivity> => ({
  participations: { $some: { organisationId, deletedAt: null, ...(roles ? { role: { $in: roles } } : {}) } },
});

/** The browse filters as one FilterQuery, the caller's visibility included: lists and aggregates share it. */
export function activityWhere(ctx: HubContext, filter: FundingActivityFilter | null | undefined): FilterQuery<FundingActivity> {
  const where: FilterQuery<FundingActivity>[] = [visibleWhere(ctx.identity)];
  const f = filter ?? {};
  if (f.fund) {
    assertId(f.fund, 'filter.fund');
    where.push({ fund: f.fund });
  }
  if (f.funder) {
    assertId(f.funder, 'filter.funder');
    where.push(someParticipation(f.funder, [ParticipationRole.FUNDING]));
  }
  if (f.implementer) {
    assertId(f.implementer, 'filter.implementer');
    where.push(someParticipation(f.implementer, [ParticipationRole.IMPLEMENTING]));
  }
  if (f.organisation) {
    assertId(f.organisation, 'filter.organisation');
    where.push(someParticipation(f.organisation));
  }
  if (f.city) {
    uuidList([f.city], 'filter.city');
    where.push({ $or: [{ participatingCityIds: { $overlap: [f.city] } }, { recipientCityIds: { $overlap: [f.city] } }] });
  }
  if (f.country) where.push({ recipientCountries: { $overlap: [f.country] } });
  if (f.themes && f.themes.length > 0) where.push({ themes: { $overlap: f.themes } });
  if (f.pillar) where.push({ pillar: f.pillar });
  if (f.statuses && f.statuses.length > 0) where.push({ status: { $in: f.statuses as ActivityStatus[] } });
  if (f.activeFrom && f.activeTo && f.activeFrom > f.activeTo)
    throw badInput('"filter.activeTo" must not be before "filter.activeFrom".', 'filter.activeTo');
  if (f.activeFrom) where.push({ $or: [{ endDate: null }, { endDate: { $gte: f.activeFrom } }] });
  if (f.activeTo) where.push({ startDate: { $lte: f.activeTo } });
  if (f.search) where.push({ searchText: { $like: containsPattern(searchKey(f.search)) } });
  if (f.illustrative != null) where.push({ illustrative: f.illustrative });
  if (f.published != null) where.push({ published: f.published });
  return { $and: where };
}

/**
 * What the totals kept as rollups can answer for a browse filter: at most one dimension (a fund, a
 * pillar, one theme, a country or a city) with any statuses and published flag. Null for any other
 * filter (an organisation, dates, text, several themes): the aggregates then sum the activities.
 * Call it after activityWhere, which validates the filter.
 */
export function rollupScope(ctx: HubContext, filter: FundingActivityFilter | null | undefined): RollupScope | null {
  const f = filter ?? {};
  if (f.funder || f.implementer || f.organisation || f.activeFrom || f.activeTo || f.search || f.illustrative != null) return null;
  if (f.themes && f.themes.length > 1) return null;
  const dims = [
    f.fund && `fund:${f.fund.toLowerCase()}`,
    f.pillar && `pillar:${f.pillar}`,
    f.themes?.length && `theme:${f.themes[0]}`,
    f.country && `country:${f.country}`,
    f.city && `city:${f.city}`,
  ].filter((dim): dim is string => typeof dim === 'string');
  if (dims.length > 1) return null;
  const visible = visibleRollup(ctx.identity);
  return {
    dim: dims[0] ?? 'all:',
    statuses: f.statuses?.length ? f.statuses : null,
    published: visible.published.filter((published) => f.published == null || published === f.published),
    ownDrafts: visible.ownDrafts && f.published !== true,
  };
}

export const ORDERINGS: Record<FundingActivitySort, { name: string; orderBy: Record<string, 'asc' | 'desc'> }> = {
  START_DATE_DESC: { name: 'start-desc', orderBy: { startDate: 'desc' } },
  START_DATE_ASC: { name: 'start-asc', orderBy: { startDate: 'asc' } },
  BUDGET_DESC: { name: 'budget-desc', orderBy: { budgetTotal: 'desc' } },
  BUDGET_ASC: { name: 'budget-asc', orderBy: { budgetTotal: 'asc' } },
};

/**
 * An activity and its participations, for a write. An activity the caller may not see is NOT_FOUND,
 * exactly as a missing one (as `hiddenAs`, the record the caller named, when it is a part of the
 * activity); the permission rule then decides on a visible one (FORBIDDEN).
 */
export async function getActivityForWrite(
  ctx: HubContext,
  em: EntityManager,
  id: string,
  field = 'id',
  options: { lock?: boolean; hiddenAs?: { type: string; id: string } } = {},
): Promise<{ activity: FundingActivity; participations: Participation[] }> {
  assertId(id, field);
  // budget changes lock the activity row: concurrent ones then add up instead of overwriting the total
  const activity = await em.findOne(FundingActivity, { id }, options.lock ? { lockMode: LockMode.PESSIMISTIC_WRITE } : {});
  if (!activity) throw notFound('FundingActivity', id);
  const participations = await em.find(Participation, { activity: activity.id }, { orderBy: { role: 'asc', id: 'asc' } });
  if (!canSee(ctx.identity, activity, participations)) {
    throw options.hiddenAs ? notFound(options.hiddenAs.type, options.hiddenAs.id) : notFound('FundingActivity', id);
  }
  return { activity, participations };
}

/** An activity for a write, with its live budgets: budget writes recompute the activity's total from them. */
export interface ActivityWithBudgets {
  activity: FundingActivity;
  participations: Participation[];
  budgets: Budget[];
}

/**
 * The activity (locked) and its budgets, for a write that changes its budget total: concurrent budget
 * writes wait for each other, so each computes the total from the budgets the one before left.
 */
export async function getActivityWithBudgets(
  ctx: HubContext,
  em: EntityManager,
  id: string,
  field: string,
  hiddenAs?: { type: string; id: string },
): Promise<ActivityWithBudgets> {
  const { activity, participations } = await getActivityForWrite(ctx, em, id, field, { lock: true, hiddenAs });
  const budgets = await em.find(Budget, { activity: activity.id });
  return { activity, participations, budgets };
}
