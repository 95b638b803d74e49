import type { RequiredEntityData } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type DataLoader from 'dataloader';
import { Arg, Args, Ctx, Field, FieldResolver, ID, Int, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { HubContext } from '../../../shared/context';
import { build } from '../../../shared/entity';
import { badInput, conflict, notFound } from '../../../shared/errors';
import { assertId, getReferenced, isUuid, markDeleted } from '../../../shared/lookup';
import { Decimal, assertCurrency, formatAmount, Money, money } from '../../../shared/money';
import { ConnectionType, paginate } from '../../../shared/pagination';
import { toTranslationMap } from '../../../shared/translated-text';
import { assertDateOrder } from '../../../shared/validation';
import { runWrite } from '../../../shared/write';
import { Budget, budgetTotal } from '../entities/Budget';
import {
  ActivityCityRole,
  ActivityStatus,
  ActivityTheme,
  ParticipationRole,
  SolidarityCitiesPillar,
  TransactionType,
} from '../entities/enums';
import { CityReference, OrganisationReference } from '../entities/references';
import { Fund } from '../entities/Fund';
import { FundingActivity } from '../entities/FundingActivity';
import { Participation } from '../entities/Participation';
import { Result } from '../entities/Result';
import { ALL_THEMES, ThemeLabel, themeLabel } from '../entities/themes';
import { Transaction } from '../entities/Transaction';
import { CreateFundingActivityInput, FundingActivityArgs, FundingActivityFilter, UpdateFundingActivityInput } from '../inputs';
import { applyPublication, moveStatus } from '../lifecycle';
import { loaders } from '../loaders';
import { permissions, type RoleHolder } from '../permissions';
import { aggregatesLoader, type AggregatePart, type CurrencyTotalsRow } from '../sql';
import {
  activityWhere,
  getActivityForWrite,
  getActivityWithBudgets,
  getVisibleActivity,
  isVisible,
  ORDERINGS,
  rollupScope,
} from './common';
import { PublicRead } from '../../../shared/cache-control';

type Count = { key: string; count: number };

export const FundingActivityConnection = ConnectionType('FundingActivity', FundingActivity);

@PublicRead()
@ObjectType({
  description:
    'Totals in one currency, summed exactly by the database. A total is null when nothing of its kind is recorded in that currency: unknown, not 0.',
})
export class CurrencyTotals {
  @Field({ description: 'ISO 4217 code.' })
  currency: string;

  @Field(() => Decimal, { nullable: true, description: 'Budgets (a revised budget replaces the original of the same period).' })
  budgeted: string | null;

  @Field(() => Decimal, { nullable: true, description: 'Outgoing commitments.' })
  committed: string | null;

  @Field(() => Decimal, { nullable: true, description: 'Disbursements.' })
  disbursed: string | null;

  @Field(() => Decimal, { nullable: true, description: 'Expenditure.' })
  spent: string | null;

  @Field(() => Decimal, { nullable: true, description: 'Pledges, incoming and outgoing.' })
  pledged: string | null;

  @Field(() => Decimal, { nullable: true, description: 'Incoming funds.' })
  received: string | null;
}

/** A summed amount in the currency's decimals; null (nothing of the kind recorded) stays null. */
const total = (amount: string | null, currency: string) => (amount == null ? null : formatAmount(amount, currency));

export const toCurrencyTotals = (row: CurrencyTotalsRow): CurrencyTotals =>
  Object.assign(new CurrencyTotals(), {
    currency: row.currency,
    budgeted: total(row.budgeted, row.currency),
    committed: total(row.committed, row.currency),
    disbursed: total(row.disbursed, row.currency),
    spent: total(row.spent, row.currency),
    pledged: total(row.pledged, row.currency),
    received: total(row.received, row.currency),
  });

@PublicRead()
@ObjectType()
export class StatusCount {
  @Field(() => ActivityStatus)
  status: ActivityStatus;

  @Field(() => Int)
  count: number;
}

@PublicRead()
@ObjectType()
export class ThemeCount {
  @Field(() => ActivityTheme)
  theme: ActivityTheme;

  @Field(() => Int)
  count: number;
}

@PublicRead()
@ObjectType()
export class PillarCount {
  @Field(() => SolidarityCitiesPillar)
  pillar: SolidarityCitiesPillar;

  @Field(() => Int)
  count: number;
}

@PublicRead()
@ObjectType()
export class CountryCount {
  @Field({ description: 'ISO 3166-1 alpha-2.' })
  country: string;

  @Field(() => Int)
  count: number;
}

@PublicRead()
@ObjectType({
  description: 'Totals over the activities a filter matches (the same filter as fundingActivities), computed by the database.',
})
export class FundingAggregates {
  /** Computes the asked parts over the matching activities, all in one statement (sql.ts). */
  parts: DataLoader<AggregatePart, unknown>;
}

@Resolver(() => FundingAggregates)
export class FundingAggregatesResolver {
  @FieldResolver(() => Int, { description: 'How many activities match.' })
  activityCount(@Root() root: FundingAggregates) {
    return root.parts.load('count');
  }

  @FieldResolver(() => [CurrencyTotals], { description: 'Budgeted, committed, disbursed and spent per currency (never converted).' })
  async totals(@Root() root: FundingAggregates) {
    return ((await root.parts.load('totals')) as CurrencyTotalsRow[]).map(toCurrencyTotals);
  }

  @FieldResolver(() => [StatusCount])
  async byStatus(@Root() root: FundingAggregates) {
    return ((await root.parts.load('status')) as Count[]).map((r) => ({ status: r.key, count: r.count }));
  }

  @FieldResolver(() => [ThemeCount])
  async byTheme(@Root() root: FundingAggregates) {
    return ((await root.parts.load('themes')) as Count[]).map((r) => ({ theme: r.key, count: r.count }));
  }

  @FieldResolver(() => [PillarCount], { description: 'Per Solidarity Cities pillar (activities serving none are not counted).' })
  async byPillar(@Root() root: FundingAggregates) {
    return ((await root.parts.load('pillar')) as Count[]).map((r) => ({ pillar: r.key, count: r.count }));
  }

  @FieldResolver(() => [CountryCount], { description: 'Per recipient country.' })
  async byCountry(@Root() root: FundingAggregates) {
    return ((await root.parts.load('recipient_countries')) as Count[]).map((r) => ({ country: r.key, count: r.count }));
  }
}

const REGIONS = new Intl.DisplayNames(['en'], { type: 'region' });
const NOT_COUNTRIES = new Set(['ZZ', 'EU', 'EZ', 'UN', 'QO']);

/** An ISO 3166-1 alpha-2 code of a country the runtime knows (not a placeholder such as "QQ" or "ZZ"). */
function assertCountries(codes: string[], field: string) {
  for (const code of codes) {
    if (NOT_COUNTRIES.has(code) || REGIONS.of(code) === code)
      throw badInput(`"${field}": "${code}" is not an ISO 3166-1 country code.`, field);
  }
}

function uniqueIds(ids: string[], field: string): string[] {
  for (const id of ids) if (!isUuid(id)) throw badInput(`"${field}": "${id}" is not a valid id.`, field);
  return [...new Set(ids)];
}

/** What an activity input changes, validated before anything is written. */
interface ActivityPlan {
  changes: Partial<RequiredEntityData<FundingActivity>>;
  /** When the input replaces the participating organisations: the ones to add and the ones to remove. */
  participations?: { add: RoleHolder[]; remove: Participation[] };
}

type ActivityInput = CreateFundingActivityInput | UpdateFundingActivityInput;

/**
 * Validates an activity input against the activity (null on create) and its current participations,
 * and returns the changes it makes. References inside the input (fund, parent) that do not exist are
 * BAD_USER_INPUT naming the field; an identifier another activity has is CONFLICT.
 */
async function planActivity(
  em: EntityManager,
  activity: FundingActivity | null,
  input: ActivityInput,
  current: Participation[],
): Promise<ActivityPlan> {
  const {
    title,
    description,
    participatingOrganisations,
    fundId,
    parentId,
    contact,
    defaultCurrency,
    participatingCityIds,
    recipientCityIds,
    themes,
    recipientCountries,
    status: _status,
    ...fields
  } = input;
  for (const key of ['identifier', 'plannedStart', 'illustrative', 'title', 'defaultCurrency', 'participatingOrganisations'] as const) {
    if (input[key] === null) throw badInput(`"${key}" cannot be cleared.`, key);
  }
  const changes: Partial<RequiredEntityData<FundingActivity>> = {};
  for (const [key, value] of Object.entries(fields)) if (value !== undefined) Object.assign(changes, { [key]: value });
  if (defaultCurrency != null) {
    assertCurrency(defaultCurrency, 'defaultCurrency');
    changes.defaultCurrency = defaultCurrency;
  }
  // a list set to null is an empty list
  if (themes !== undefined) changes.themes = [...new Set(themes ?? [])];
  if (recipientCountries !== undefined) {
    assertCountries(recipientCountries ?? [], 'recipientCountries');
    changes.recipientCountries = [...new Set(recipientCountries ?? [])];
  }
  if (title != null) {
    const map = toTranslationMap(title, 'title');
    if (Object.keys(map).length === 0) throw badInput('"title" needs at least one translation.', 'title');
    changes.title = map;
  }
  if (description !== undefined) changes.description = description ? toTranslationMap(description, 'description') : null;
  if (participatingCityIds !== undefined) changes.participatingCityIds = uniqueIds(participatingCityIds ?? [], 'participatingCityIds');
  if (recipientCityIds !== undefined) changes.recipientCityIds = uniqueIds(recipientCityIds ?? [], 'recipientCityIds');
  if (contact !== undefined) changes.contact = contact ? { ...contact } : null;
  const dates = {
    plannedStart: activity?.plannedStart,
    plannedEnd: activity?.plannedEnd,
    actualStart: activity?.actualStart,
    actualEnd: activity?.actualEnd,
    ...fields,
  };
  assertDateOrder(dates.plannedStart, dates.plannedEnd, 'plannedStart', 'plannedEnd');
  assertDateOrder(dates.actualStart, dates.actualEnd, 'actualStart', 'actualEnd');
  if (fundId !== undefined) changes.fund = fundId ? await getReferenced(em, Fund, fundId, 'fundId') : null;
  if (parentId !== undefined) {
    let parent: FundingActivity | null = parentId ? await getReferenced(em, FundingActivity, parentId, 'parentId') : null;
    changes.parent = parent;
    // walk up: the new parent must not be this activity or one of its descendants
    for (let depth = 0; activity && parent && depth < 50; depth += 1) {
      if (parent.id === activity.id) throw badInput('"parentId": an activity cannot be its own ancestor.', 'parentId');
      parent = parent.parent ? await em.findOne(FundingActivity, { id: parent.parent.id }) : null;
    }
  }
  if (input.identifier != null) {
    const clash = await em.findOne(FundingActivity, { identifier: input.identifier, ...(activity ? { id: { $ne: activity.id } } : {}) });
    if (clash) throw conflict(`An activity with the identifier "${input.identifier}" already exists.`);
  }
  if (participatingOrganisations == null) return { changes };
  const wanted = new Map<string, RoleHolder>();
  for (const p of participatingOrganisations) {
    assertId(p.organisationId, 'participatingOrganisations.organisationId');
    wanted.set(`${p.organisationId}:${p.role}`, { organisationId: p.organisationId, role: p.role });
  }
  const remove = current.filter((p) => !wanted.has(`${p.organisationId}:${p.role}`));
  const kept = new Set(current.filter((p) => !remove.includes(p)).map((p) => `${p.organisationId}:${p.role}`));
  const add = [...wanted].filter(([key]) => !kept.has(key)).map(([, p]) => p);
  const remaining = new Set([...wanted.values()].map((p) => p.organisationId));
  const leaving = current.filter((p) => !remaining.has(p.organisationId)).map((p) => p.organisationId);
  if (activity && leaving.length > 0) {
    const used = await em.count(Transaction, {
      activity: activity.id,
      $or: [{ providerOrganisationId: { $in: leaving } }, { receiverOrganisationId: { $in: leaving } }],
    });
    if (used > 0) {
      throw badInput(
        'An organisation that provides or receives a transaction of this activity must keep taking part in it.',
        'participatingOrganisations',
      );
    }
  }
  return { changes, participations: { add, remove } };
}

/** Replaces the participating organisations as planned. */
function applyParticipations(em: EntityManager, activity: FundingActivity, plan: ActivityPlan) {
  for (const p of plan.participations?.remove ?? []) markDeleted(p);
  for (const p of plan.participations?.add ?? []) build(em, Participation, { activity, organisationId: p.organisationId, role: p.role });
}

@Resolver(() => FundingActivity)
export class FundingActivityResolver {
  @Query(() => FundingActivity, {
    description: 'One funding activity by id or by its identifier. Drafts only for their participants and admins.',
  })
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
    description:
      'Funding activities for donors and NGOs: filtered by fund, funder, implementer, city, country, theme, pillar, status, dates and text; sorted by date or amount.',
  })
  fundingActivities(@Args() args: FundingActivityArgs, @Ctx() ctx: HubContext) {
    return paginate(ctx.em, FundingActivity, activityWhere(ctx, args.filter), args, ORDERINGS[args.orderBy]);
  }

  @Query(() => FundingAggregates, {
    description: 'Totals per currency and counts per status, theme and country over the activities a filter matches.',
  })
  fundingAggregates(
    @Ctx() ctx: HubContext,
    @Arg('filter', () => FundingActivityFilter, { nullable: true }) filter?: FundingActivityFilter,
  ) {
    return Object.assign(new FundingAggregates(), {
      parts: aggregatesLoader(ctx.em, activityWhere(ctx, filter), rollupScope(ctx, filter)),
    });
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
    return all.filter((p) => p.role === ParticipationRole.FUNDING).map((p) => OrganisationReference.of(p.organisationId));
  }

  @FieldResolver(() => [OrganisationReference], { description: 'The organisations with the IMPLEMENTING role.' })
  async implementers(@Root() activity: FundingActivity, @Ctx() ctx: HubContext) {
    const all = await loaders(ctx).participationsOfActivity.load(activity.id);
    return all.filter((p) => p.role === ParticipationRole.IMPLEMENTING).map((p) => OrganisationReference.of(p.organisationId));
  }

  @FieldResolver(() => [CityReference], { description: 'The participating and recipient cities (or only those of one role).' })
  cities(@Root() activity: FundingActivity, @Arg('role', () => ActivityCityRole, { nullable: true }) role?: ActivityCityRole) {
    const ids = [
      ...(role !== ActivityCityRole.RECIPIENT ? activity.participatingCityIds : []),
      ...(role !== ActivityCityRole.PARTICIPATING ? activity.recipientCityIds : []),
    ];
    return [...new Set(ids)].map((id) => CityReference.of(id));
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

  @FieldResolver(() => Money, {
    nullable: true,
    description:
      'The total budget in the default currency (what sorting by amount uses); null when no budget in that currency is recorded: unknown, not 0.',
  })
  async totalBudget(@Root() activity: FundingActivity, @Ctx() ctx: HubContext): Promise<Money | null> {
    const budgets = await loaders(ctx).budgetsOfActivity.load(activity.id);
    if (!budgets.some((b) => b.currency === activity.defaultCurrency)) return null;
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
  createFundingActivity(@Arg('input') input: CreateFundingActivityInput, @Ctx() ctx: HubContext) {
    let plan: ActivityPlan = { changes: {} };
    return runWrite(ctx, {
      name: 'createFundingActivity',
      load: async () => ({ participations: input.participatingOrganisations }),
      right: permissions.createFundingActivity,
      async validate(_, em) {
        plan = await planActivity(em, null, input, []);
      },
      change(_, em) {
        const activity = build(em, FundingActivity, {
          ...plan.changes,
          identifier: input.identifier,
          title: toTranslationMap(input.title, 'title'),
          status: input.status,
          plannedStart: input.plannedStart,
          defaultCurrency: input.defaultCurrency,
        });
        applyParticipations(em, activity, plan);
        return activity;
      },
    });
  }

  @Mutation(() => FundingActivity, {
    description: 'The activity’s funder (or an admin) changes it; a new status must be a move of the status lifecycle.',
  })
  updateFundingActivity(
    @Arg('id', () => ID) id: string,
    @Arg('input') input: UpdateFundingActivityInput,
    @Ctx() ctx: HubContext,
    @Arg('expectedVersion', () => Int, { nullable: true }) expectedVersion?: number,
  ) {
    let plan: ActivityPlan = { changes: {} };
    return runWrite(ctx, {
      name: 'updateFundingActivity',
      // a new currency changes the budget total: the activity is locked and read with its budgets
      load: async (em) => ({ ...(await getActivityWithBudgets(ctx, em, id, 'id')), proposed: input.participatingOrganisations }),
      right: permissions.updateFundingActivity,
      state({ activity }) {
        if (input.status != null) moveStatus(activity, input.status);
      },
      version: { of: ({ activity }) => activity, expected: expectedVersion },
      async validate({ activity, participations }, em) {
        plan = await planActivity(em, activity, input, participations);
      },
      change({ activity, budgets }, em) {
        em.assign(activity, plan.changes);
        applyParticipations(em, activity, plan);
        activity.budgetTotal = budgetTotal(budgets, activity.defaultCurrency);
        return activity;
      },
    });
  }

  @Mutation(() => FundingActivity, {
    description: 'The activity’s funder publishes a draft (published: false takes a published activity back to draft).',
  })
  publishFundingActivity(
    @Arg('id', () => ID) id: string,
    @Ctx() ctx: HubContext,
    @Arg('published', () => Boolean, { defaultValue: true }) published: boolean,
    @Arg('expectedVersion', () => Int, { nullable: true }) expectedVersion?: number,
  ) {
    return runWrite(ctx, {
      name: 'publishFundingActivity',
      load: (em) => getActivityForWrite(ctx, em, id),
      right: permissions.publishFundingActivity,
      state: ({ activity, participations }) =>
        applyPublication(
          activity,
          published ? 'publish' : 'withdraw',
          participations.map((p) => p.role),
        ),
      version: { of: ({ activity }) => activity, expected: expectedVersion },
      change: ({ activity }) => activity,
    });
  }

  @Mutation(() => FundingActivity, { description: 'The activity’s funder deletes it; it stays in the change feed as a tombstone.' })
  deleteFundingActivity(@Arg('id', () => ID) id: string, @Ctx() ctx: HubContext) {
    return runWrite(ctx, {
      name: 'deleteFundingActivity',
      load: (em) => getActivityForWrite(ctx, em, id),
      right: permissions.deleteFundingActivity,
      change: ({ activity }) => markDeleted(activity),
    });
  }
}

@Resolver(() => Participation)
export class ParticipationResolver {
  @FieldResolver(() => OrganisationReference)
  organisation(@Root() participation: Participation) {
    return OrganisationReference.of(participation.organisationId);
  }
}

/** A part of an activity is illustrative with its activity (the flag is stored once, on the activity). */
async function partOfIllustrative(ctx: HubContext, part: { activity: { id: string } }) {
  return (await loaders(ctx).activity.load(part.activity.id))?.illustrative ?? false;
}

const ILLUSTRATIVE_PART = 'True when its activity is an illustrative example, not a fact from a source (the activity’s flag).';

@Resolver(() => Budget)
export class BudgetResolver {
  @FieldResolver(() => Boolean, { description: ILLUSTRATIVE_PART })
  illustrative(@Root() budget: Budget, @Ctx() ctx: HubContext) {
    return partOfIllustrative(ctx, budget);
  }
  @FieldResolver(() => Money)
  value(@Root() budget: Budget): Money {
    return money(budget.amount, budget.currency, budget.valueDate);
  }
}

@Resolver(() => Result)
export class ResultResolver {
  @FieldResolver(() => Boolean, { description: ILLUSTRATIVE_PART })
  illustrative(@Root() result: Result, @Ctx() ctx: HubContext) {
    return partOfIllustrative(ctx, result);
  }
}

@Resolver(() => Transaction)
export class TransactionResolver {
  @FieldResolver(() => Boolean, { description: ILLUSTRATIVE_PART })
  illustrative(@Root() transaction: Transaction, @Ctx() ctx: HubContext) {
    return partOfIllustrative(ctx, transaction);
  }
  @FieldResolver(() => Money)
  value(@Root() transaction: Transaction): Money {
    return money(transaction.amount, transaction.currency, transaction.valueDate);
  }

  @FieldResolver(() => OrganisationReference, { nullable: true })
  provider(@Root() transaction: Transaction) {
    return transaction.providerOrganisationId ? OrganisationReference.of(transaction.providerOrganisationId) : null;
  }

  @FieldResolver(() => OrganisationReference, { nullable: true })
  receiver(@Root() transaction: Transaction) {
    return transaction.receiverOrganisationId ? OrganisationReference.of(transaction.receiverOrganisationId) : null;
  }
}
