import type { EntityManager } from '@mikro-orm/postgresql';
import type DataLoader from 'dataloader';
import { Arg, Args, Ctx, Field, FieldResolver, ID, Int, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { HubContext } from '../../../shared/context';
import { build } from '../../../shared/entity';
import { badInput, conflict, notFound } from '../../../shared/errors';
import { isAdmin } from '../../../shared/identity';
import { assertId, checkVersion, isUuid, markDeleted } from '../../../shared/lookup';
import { Decimal, assertCurrency, formatAmount, Money, money } from '../../../shared/money';
import { ConnectionType, paginate } from '../../../shared/pagination';
import { toTranslationMap } from '../../../shared/translated-text';
import { assertDateOrder, requireFields } from '../../../shared/validation';
import { Budget } from '../entities/Budget';
import { ActivityCityRole, ActivityStatus, ActivityTheme, ParticipationRole, SolidarityCitiesPillar, TransactionType } from '../entities/enums';
import { CityReference, cityRef, OrganisationReference, organisationRef } from '../entities/references';
import { Fund } from '../entities/Fund';
import { FundingActivity } from '../entities/FundingActivity';
import { Participation } from '../entities/Participation';
import { Result } from '../entities/Result';
import { ALL_THEMES, ThemeLabel, themeLabel } from '../entities/themes';
import { Transaction } from '../entities/Transaction';
import { FundingActivityArgs, FundingActivityFilter, FundingActivityInput } from '../inputs';
import { loaders } from '../loaders';
import { can } from '../permissions';
import { aggregatesLoader, refreshBudgetTotals, type AggregatePart, type CurrencyTotalsRow } from '../sql';

type Count = { key: string; count: number };
import { activityWhere, getActivityForWrite, getReferenced, getVisibleActivity, inTransaction, isVisible, ORDERINGS } from './common';

export const FundingActivityConnection = ConnectionType('FundingActivity', FundingActivity);

@ObjectType({ description: 'Totals in one currency, summed exactly by the database.' })
export class CurrencyTotals {
  @Field({ description: 'ISO 4217 code.' })
  currency: string;

  @Field(() => Decimal, { description: 'Budgets (a revised budget replaces the original of the same period).' })
  budgeted: string;

  @Field(() => Decimal, { description: 'Outgoing commitments.' })
  committed: string;

  @Field(() => Decimal, { description: 'Disbursements.' })
  disbursed: string;

  @Field(() => Decimal, { description: 'Expenditure.' })
  spent: string;

  @Field(() => Decimal, { description: 'Pledges, incoming and outgoing.' })
  pledged: string;

  @Field(() => Decimal, { description: 'Incoming funds.' })
  received: string;
}

export const toCurrencyTotals = (row: CurrencyTotalsRow): CurrencyTotals =>
  Object.assign(new CurrencyTotals(), {
    currency: row.currency,
    budgeted: formatAmount(row.budgeted, row.currency),
    committed: formatAmount(row.committed, row.currency),
    disbursed: formatAmount(row.disbursed, row.currency),
    spent: formatAmount(row.spent, row.currency),
    pledged: formatAmount(row.pledged, row.currency),
    received: formatAmount(row.received, row.currency),
  });

@ObjectType()
export class StatusCount {
  @Field(() => ActivityStatus)
  status: ActivityStatus;

  @Field(() => Int)
  count: number;
}

@ObjectType()
export class ThemeCount {
  @Field(() => ActivityTheme)
  theme: ActivityTheme;

  @Field(() => Int)
  count: number;
}

@ObjectType()
export class PillarCount {
  @Field(() => SolidarityCitiesPillar)
  pillar: SolidarityCitiesPillar;

  @Field(() => Int)
  count: number;
}

@ObjectType()
export class CountryCount {
  @Field({ description: 'ISO 3166-1 alpha-2.' })
  country: string;

  @Field(() => Int)
  count: number;
}

@ObjectType({ description: 'Totals over the activities a filter matches (the same filter as fundingActivities), computed by the database.' })
export class FundingAggregates {
  /** Computes the asked parts over the matching activities, all in one statement (sql.ts). */
  parts: DataLoader<AggregatePart, unknown>;
}

@Resolver(() => FundingAggregates)
export class FundingAggregatesResolver {
  @FieldResolver(() => Int, { description: 'How many activities match.' })
  activityCount(@Root() root: FundingAggregates, @Ctx() ctx: HubContext) {
    return root.parts.load('count');
  }

  @FieldResolver(() => [CurrencyTotals], { description: 'Budgeted, committed, disbursed and spent per currency (never converted).' })
  async totals(@Root() root: FundingAggregates) {
    return ((await root.parts.load('totals')) as CurrencyTotalsRow[]).map(toCurrencyTotals);
  }

  @FieldResolver(() => [StatusCount])
  async byStatus(@Root() root: FundingAggregates, @Ctx() ctx: HubContext) {
    return ((await root.parts.load('status')) as Count[]).map((r) => ({ status: r.key, count: r.count }));
  }

  @FieldResolver(() => [ThemeCount])
  async byTheme(@Root() root: FundingAggregates, @Ctx() ctx: HubContext) {
    return ((await root.parts.load('themes')) as Count[]).map((r) => ({ theme: r.key, count: r.count }));
  }

  @FieldResolver(() => [PillarCount], { description: 'Per Solidarity Cities pillar (activities serving none are not counted).' })
  async byPillar(@Root() root: FundingAggregates, @Ctx() ctx: HubContext) {
    return ((await root.parts.load('pillar')) as Count[]).map((r) => ({ pillar: r.key, count: r.count }));
  }

  @FieldResolver(() => [CountryCount], { description: 'Per recipient country.' })
  async byCountry(@Root() root: FundingAggregates, @Ctx() ctx: HubContext) {
    return ((await root.parts.load('recipient_countries')) as Count[]).map((r) => ({ country: r.key, count: r.count }));
  }
}

const REGIONS = new Intl.DisplayNames(['en'], { type: 'region' });
const NOT_COUNTRIES = new Set(['ZZ', 'EU', 'EZ', 'UN', 'QO']);

/** An ISO 3166-1 alpha-2 code of a country the runtime knows (not a placeholder such as "QQ" or "ZZ"). */
function assertCountries(codes: string[], field: string) {
  for (const code of codes) {
    if (NOT_COUNTRIES.has(code) || REGIONS.of(code) === code) throw badInput(`"${field}": "${code}" is not an ISO 3166-1 country code.`, field);
  }
}

function uniqueIds(ids: string[], field: string): string[] {
  for (const id of ids) if (!isUuid(id)) throw badInput(`"${field}": "${id}" is not a valid id.`, field);
  return [...new Set(ids)];
}

/** Validates the input and applies it to the activity, replacing its participations when given. */
async function applyActivity(
  em: EntityManager,
  activity: FundingActivity,
  input: FundingActivityInput,
  current: Participation[],
): Promise<void> {
  const { title, description, participatingOrganisations, fundId, parentId, contact, defaultCurrency, participatingCityIds, recipientCityIds, ...fields } = input;
  for (const key of ['identifier', 'status', 'plannedStart', 'illustrative'] as const) {
    if (fields[key] === null) throw badInput(`"${key}" cannot be cleared.`, key);
  }
  // a list set to null is an empty list
  if (fields.themes === null) fields.themes = [];
  if (fields.recipientCountries === null) fields.recipientCountries = [];
  if (defaultCurrency !== undefined) {
    assertCurrency(defaultCurrency, 'defaultCurrency');
    activity.defaultCurrency = defaultCurrency;
  }
  for (const [key, value] of Object.entries(fields)) {
    if (value !== undefined) (activity as unknown as Record<string, unknown>)[key] = value;
  }
  if (fields.themes) activity.themes = [...new Set(fields.themes)];
  if (fields.recipientCountries) {
    assertCountries(fields.recipientCountries, 'recipientCountries');
    activity.recipientCountries = [...new Set(fields.recipientCountries)];
  }
  if (title !== undefined) {
    const map = toTranslationMap(title ?? [], 'title');
    if (Object.keys(map).length === 0) throw badInput('"title" needs at least one translation.', 'title');
    activity.title = map;
  }
  if (description !== undefined) activity.description = description ? toTranslationMap(description, 'description') : null;
  if (participatingCityIds !== undefined) activity.participatingCityIds = uniqueIds(participatingCityIds ?? [], 'participatingCityIds');
  if (recipientCityIds !== undefined) activity.recipientCityIds = uniqueIds(recipientCityIds ?? [], 'recipientCityIds');
  if (contact !== undefined) activity.contact = contact ? { ...contact } : null;
  assertDateOrder(activity.plannedStart, activity.plannedEnd, 'plannedStart', 'plannedEnd');
  assertDateOrder(activity.actualStart, activity.actualEnd, 'actualStart', 'actualEnd');
  if (fundId !== undefined) {
    activity.fund = fundId ? em.getReference(Fund, (await getReferenced(em, Fund, fundId, 'fundId')).id, { wrapped: true }) : null;
  }
  if (parentId !== undefined) {
    if (parentId) {
      let parent: FundingActivity | null = await getReferenced(em, FundingActivity, parentId, 'parentId');
      // walk up: the new parent must not be this activity or one of its descendants
      for (let depth = 0; parent && depth < 50; depth += 1) {
        if (parent.id === activity.id) throw badInput('"parentId": an activity cannot be its own ancestor.', 'parentId');
        parent = parent.parent ? await em.findOne(FundingActivity, { id: parent.parent.id }) : null;
      }
      activity.parent = em.getReference(FundingActivity, parentId, { wrapped: true });
    } else {
      activity.parent = null;
    }
  }
  if (input.identifier !== undefined) {
    const clash = await em.findOne(FundingActivity, { identifier: input.identifier, id: { $ne: activity.id } });
    if (clash) throw conflict(`An activity with the identifier "${input.identifier}" already exists.`);
  }
  if (participatingOrganisations === null) throw badInput('"participatingOrganisations" cannot be cleared.', 'participatingOrganisations');
  if (participatingOrganisations !== undefined) {
    const wanted = new Map<string, { organisationId: string; role: ParticipationRole }>();
    for (const p of participatingOrganisations) {
      assertId(p.organisationId, 'participatingOrganisations.organisationId');
      wanted.set(`${p.organisationId}:${p.role}`, { organisationId: p.organisationId, role: p.role });
    }
    const keep = new Set<string>();
    for (const existing of current) {
      const key = `${existing.organisationId}:${existing.role}`;
      if (wanted.has(key)) keep.add(key);
      else markDeleted(existing);
    }
    for (const [key, p] of wanted) {
      if (!keep.has(key)) build(em, Participation, { activity, organisationId: p.organisationId, role: p.role });
    }
    const remaining = new Set([...wanted.values()].map((p) => p.organisationId));
    const removed = current.filter((p) => !remaining.has(p.organisationId)).map((p) => p.organisationId);
    if (removed.length > 0 && activity.id) {
      const used = await em.count(Transaction, {
        activity: activity.id,
        $or: [{ providerOrganisationId: { $in: removed } }, { receiverOrganisationId: { $in: removed } }],
      });
      if (used > 0) {
        throw badInput('An organisation that provides or receives a transaction of this activity must keep taking part in it.', 'participatingOrganisations');
      }
    }
  }
  activity.refreshDerived();
}

@Resolver(() => FundingActivity)
export class FundingActivityResolver {
  @Query(() => FundingActivity, { description: 'One funding activity by id or by its identifier. Drafts only for their participants and admins.' })
  async fundingActivity(
    @Ctx() ctx: HubContext,
    @Arg('id', () => ID, { nullable: true }) id?: string,
    @Arg('identifier', () => String, { nullable: true }) identifier?: string,
  ) {
    if ((id == null) === (identifier == null)) throw badInput('Pass either "id" or "identifier".', 'id');
    if (id != null) return (await getVisibleActivity(ctx, ctx.em, id)).activity;
    const found = await ctx.em.findOne(FundingActivity, { identifier });
    if (!found || !(await isVisible(ctx, found))) throw notFound('FundingActivity', identifier!);
    return found;
  }

  @Query(() => FundingActivityConnection, {
    description: 'Funding activities for donors and NGOs: filtered by fund, funder, implementer, city, country, theme, pillar, status, dates and text; sorted by date or amount.',
  })
  fundingActivities(@Args() args: FundingActivityArgs, @Ctx() ctx: HubContext) {
    return paginate(ctx.em, FundingActivity, activityWhere(ctx, args.filter), args, ORDERINGS[args.orderBy]);
  }

  @Query(() => FundingAggregates, { description: 'Totals per currency and counts per status, theme and country over the activities a filter matches.' })
  fundingAggregates(
    @Ctx() ctx: HubContext,
    @Arg('filter', () => FundingActivityFilter, { nullable: true }) filter?: FundingActivityFilter,
  ) {
    return Object.assign(new FundingAggregates(), { parts: aggregatesLoader(ctx.em, activityWhere(ctx, filter)) });
  }

  @Query(() => [ThemeLabel], { description: 'The theme codelist, with the name of each theme in several languages.' })
  activityThemes() {
    return ALL_THEMES.map(themeLabel);
  }

  @FieldResolver(() => [ThemeLabel], { description: 'The activity’s themes with their names (themes gives the codes).' })
  themeLabels(@Root() activity: FundingActivity) {
    return activity.themes.map(themeLabel);
  }

  @FieldResolver(() => Fund, { nullable: true })
  fund(@Root() activity: FundingActivity, @Ctx() ctx: HubContext) {
    return activity.fund ? loaders(ctx).fund.load(activity.fund.id) : null;
  }

  @FieldResolver(() => [Participation], { description: 'The organisations taking part, with their roles.' })
  async participatingOrganisations(
    @Root() activity: FundingActivity,
    @Ctx() ctx: HubContext,
    @Arg('role', () => ParticipationRole, { nullable: true }) role?: ParticipationRole,
  ) {
    const all = await loaders(ctx).participationsOfActivity.load(activity.id);
    return role ? all.filter((p) => p.role === role) : all;
  }

  @FieldResolver(() => [OrganisationReference], { description: 'The organisations with the FUNDING role.' })
  async funders(@Root() activity: FundingActivity, @Ctx() ctx: HubContext) {
    const all = await loaders(ctx).participationsOfActivity.load(activity.id);
    return all.filter((p) => p.role === ParticipationRole.FUNDING).map((p) => organisationRef(p.organisationId));
  }

  @FieldResolver(() => [OrganisationReference], { description: 'The organisations with the IMPLEMENTING role.' })
  async implementers(@Root() activity: FundingActivity, @Ctx() ctx: HubContext) {
    const all = await loaders(ctx).participationsOfActivity.load(activity.id);
    return all.filter((p) => p.role === ParticipationRole.IMPLEMENTING).map((p) => organisationRef(p.organisationId));
  }

  @FieldResolver(() => [CityReference], { description: 'The participating and recipient cities (or only those of one role).' })
  cities(@Root() activity: FundingActivity, @Arg('role', () => ActivityCityRole, { nullable: true }) role?: ActivityCityRole) {
    const ids = [
      ...(role !== ActivityCityRole.RECIPIENT ? activity.participatingCityIds : []),
      ...(role !== ActivityCityRole.PARTICIPATING ? activity.recipientCityIds : []),
    ];
    return [...new Set(ids)].map(cityRef);
  }

  @FieldResolver(() => [Budget], { description: 'Budgets per period, oldest first.' })
  budgets(@Root() activity: FundingActivity, @Ctx() ctx: HubContext) {
    return loaders(ctx).budgetsOfActivity.load(activity.id);
  }

  @FieldResolver(() => [Transaction], { description: 'Transactions, oldest first.' })
  async transactions(
    @Root() activity: FundingActivity,
    @Ctx() ctx: HubContext,
    @Arg('type', () => TransactionType, { nullable: true }) type?: TransactionType,
  ) {
    const all = await loaders(ctx).transactionsOfActivity.load(activity.id);
    return type ? all.filter((t) => t.type === type) : all;
  }

  @FieldResolver(() => [Result])
  results(@Root() activity: FundingActivity, @Ctx() ctx: HubContext) {
    return loaders(ctx).resultsOfActivity.load(activity.id);
  }

  @FieldResolver(() => [CurrencyTotals], { description: 'The activity’s budgets and transactions summed per currency by the database.' })
  async totals(@Root() activity: FundingActivity, @Ctx() ctx: HubContext) {
    return (await loaders(ctx).totalsOfActivity.load(activity.id)).map(toCurrencyTotals);
  }

  @FieldResolver(() => Money, { description: 'The total budget in the default currency (what sorting by amount uses).' })
  totalBudget(@Root() activity: FundingActivity): Money {
    return money(activity.budgetTotal, activity.defaultCurrency);
  }

  @FieldResolver(() => FundingActivity, { nullable: true, description: 'The parent activity (IATI related activity).' })
  async parent(@Root() activity: FundingActivity, @Ctx() ctx: HubContext) {
    if (!activity.parent) return null;
    const parent = await loaders(ctx).activity.load(activity.parent.id);
    return parent && !parent.deleted && (await isVisible(ctx, parent)) ? parent : null;
  }

  @FieldResolver(() => [FundingActivity], { description: 'The child activities (IATI related activities).' })
  children(@Root() activity: FundingActivity, @Ctx() ctx: HubContext) {
    return loaders(ctx).childrenOfActivity.load(activity.id);
  }

  @Mutation(() => FundingActivity, {
    description: 'A funder creates an activity as a draft; its own organisation must have the FUNDING or ACCOUNTABLE role in it.',
  })
  async createFundingActivity(@Arg('input') input: FundingActivityInput, @Ctx() ctx: HubContext) {
    can.createActivity(ctx, input.participatingOrganisations ?? []);
    requireFields(input, ['identifier', 'title', 'plannedStart', 'defaultCurrency', 'participatingOrganisations']);
    return inTransaction(ctx, async (em) => {
      const activity = build(em, FundingActivity, { status: input.status ?? ActivityStatus.PIPELINE });
      await applyActivity(em, activity, input, []);
      await em.flush();
      return activity;
    });
  }

  @Mutation(() => FundingActivity, { description: 'The activity’s funder (or an admin) changes it.' })
  async updateFundingActivity(
    @Arg('id', () => ID) id: string,
    @Arg('input') input: FundingActivityInput,
    @Ctx() ctx: HubContext,
    @Arg('expectedVersion', () => Int, { nullable: true }) expectedVersion?: number,
  ) {
    return inTransaction(ctx, async (em) => {
      const { activity, participations } = await getActivityForWrite(ctx, em, id, 'id', { lock: input.defaultCurrency !== undefined });
      can.editActivity(ctx, participations);
      if (input.participatingOrganisations && !isAdmin(ctx.identity)) can.editActivity(ctx, input.participatingOrganisations);
      checkVersion(activity, expectedVersion);
      await applyActivity(em, activity, input, participations);
      await em.flush();
      if (input.defaultCurrency !== undefined) {
        await refreshBudgetTotals(em, [activity.id]);
        await em.refresh(activity);
      }
      return activity;
    });
  }

  @Mutation(() => FundingActivity, { description: 'The activity’s funder publishes it (published: false takes it back to draft).' })
  async publishFundingActivity(
    @Arg('id', () => ID) id: string,
    @Ctx() ctx: HubContext,
    @Arg('published', () => Boolean, { defaultValue: true }) published: boolean,
    @Arg('expectedVersion', () => Int, { nullable: true }) expectedVersion?: number,
  ) {
    return inTransaction(ctx, async (em) => {
      const { activity, participations } = await getActivityForWrite(ctx, em, id);
      can.editActivity(ctx, participations);
      checkVersion(activity, expectedVersion);
      if (published && !participations.some((p) => p.role === ParticipationRole.FUNDING || p.role === ParticipationRole.ACCOUNTABLE)) {
        throw badInput('An activity needs a funding or accountable organisation before it is published.', 'id');
      }
      activity.published = published;
      activity.publishedAt = published ? (activity.publishedAt ?? new Date()) : null;
      await em.flush();
      return activity;
    });
  }

  @Mutation(() => FundingActivity, { description: 'The activity’s funder deletes it; it stays in the change feed as a tombstone.' })
  async deleteFundingActivity(@Arg('id', () => ID) id: string, @Ctx() ctx: HubContext) {
    return inTransaction(ctx, async (em) => {
      const { activity, participations } = await getActivityForWrite(ctx, em, id);
      can.editActivity(ctx, participations);
      markDeleted(activity);
      await em.flush();
      return activity;
    });
  }
}

@Resolver(() => Participation)
export class ParticipationResolver {
  @FieldResolver(() => OrganisationReference)
  organisation(@Root() participation: Participation) {
    return organisationRef(participation.organisationId);
  }
}

@Resolver(() => Transaction)
export class TransactionResolver {
  @FieldResolver(() => OrganisationReference, { nullable: true })
  provider(@Root() transaction: Transaction) {
    return transaction.providerOrganisationId ? organisationRef(transaction.providerOrganisationId) : null;
  }

  @FieldResolver(() => OrganisationReference, { nullable: true })
  receiver(@Root() transaction: Transaction) {
    return transaction.receiverOrganisationId ? organisationRef(transaction.receiverOrganisationId) : null;
  }
}

