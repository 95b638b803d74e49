import type { EntityManager } from '@mikro-orm/postgresql';
import { Arg, Ctx, ID, Int, Mutation, Resolver } from 'type-graphql';
import type { HubContext } from '../../../shared/context';
import { build } from '../../../shared/entity';
import { badInput } from '../../../shared/errors';
import { assertId, checkVersion, getLive, markDeleted } from '../../../shared/lookup';
import { assertMoney } from '../../../shared/money';
import { toTranslationMap } from '../../../shared/translated-text';
import { assertDateOrder } from '../../../shared/validation';
import { Budget } from '../entities/Budget';
import { Participation } from '../entities/Participation';
import { Result, ResultPeriod } from '../entities/Result';
import { Transaction } from '../entities/Transaction';
import { BudgetInput, ResultInput, TransactionInput } from '../inputs';
import { can } from '../permissions';
import { refreshBudgetTotals } from '../sql';
import { getActivityForWrite, inTransaction } from './common';

function assertTakesPart(participations: Participation[], organisationId: string | null | undefined, field: string) {
  if (organisationId == null) return;
  assertId(organisationId, field);
  if (!participations.some((p) => p.organisationId === organisationId)) {
    throw badInput(`"${field}": the organisation ${organisationId} does not take part in this activity; add it as a participating organisation first.`, field);
  }
}

function toPeriods(input: ResultInput['periods']): ResultPeriod[] {
  return (input ?? []).map((p, index) => {
    assertDateOrder(p.periodStart, p.periodEnd, `periods[${index}].periodStart`, `periods[${index}].periodEnd`);
    return Object.assign(new ResultPeriod(), {
      periodStart: p.periodStart,
      periodEnd: p.periodEnd,
      target: p.target ?? null,
      actual: p.actual ?? null,
      comment: p.comment ?? null,
    });
  });
}

/** The activity of a budget, transaction or result; hidden from the caller, the record itself is NOT_FOUND. */
async function activityOf(ctx: HubContext, em: EntityManager, record: { id: string; activity: { id: string } }, options: { lock?: boolean } = {}) {
  return getActivityForWrite(ctx, em, record.activity.id, 'activityId', { ...options, hiddenAs: { type: record.constructor.name, id: record.id } });
}

@Resolver()
export class ActivityPartsResolver {
  @Mutation(() => Budget, { description: 'The activity’s funder adds a budget for a period.' })
  async addBudget(@Arg('activityId', () => ID) activityId: string, @Arg('input') input: BudgetInput, @Ctx() ctx: HubContext) {
    return inTransaction(ctx, async (em) => {
      const { activity, participations } = await getActivityForWrite(ctx, em, activityId, 'activityId', { lock: true });
      can.editActivity(ctx, participations);
      assertMoney(input.value, 'value');
      assertDateOrder(input.periodStart, input.periodEnd, 'periodStart', 'periodEnd');
      const budget = build(em, Budget, {
        activity,
        type: input.type,
        status: input.status,
        periodStart: input.periodStart,
        periodEnd: input.periodEnd,
        amount: input.value.amount,
        currency: input.value.currency,
        // IATI: the value date is the date of the exchange rate; the period start when none is given
        valueDate: input.value.valueDate ?? input.periodStart,
      });
      await em.flush();
      await refreshBudgetTotals(em, [activity.id]);
      return budget;
    });
  }

  @Mutation(() => Budget, { description: 'The activity’s funder removes a budget.' })
  async deleteBudget(@Arg('id', () => ID) id: string, @Ctx() ctx: HubContext) {
    return inTransaction(ctx, async (em) => {
      const budget = await getLive(em, Budget, id);
      const { participations } = await activityOf(ctx, em, budget, { lock: true });
      can.editActivity(ctx, participations);
      markDeleted(budget);
      await em.flush();
      await refreshBudgetTotals(em, [budget.activity.id]);
      return budget;
    });
  }

  @Mutation(() => Transaction, {
    description: 'The activity’s funder or implementer records a transaction; its provider and receiver must take part in the activity.',
  })
  async recordTransaction(@Arg('activityId', () => ID) activityId: string, @Arg('input') input: TransactionInput, @Ctx() ctx: HubContext) {
    return inTransaction(ctx, async (em) => {
      const { activity, participations } = await getActivityForWrite(ctx, em, activityId, 'activityId');
      can.reportOnActivity(ctx, participations);
      assertMoney(input.value, 'value');
      assertTakesPart(participations, input.providerOrganisationId, 'providerOrganisationId');
      assertTakesPart(participations, input.receiverOrganisationId, 'receiverOrganisationId');
      const transaction = build(em, Transaction, {
        activity,
        type: input.type,
        transactionDate: input.transactionDate,
        amount: input.value.amount,
        currency: input.value.currency,
        valueDate: input.value.valueDate ?? input.transactionDate,
        providerOrganisationId: input.providerOrganisationId ?? null,
        receiverOrganisationId: input.receiverOrganisationId ?? null,
        description: input.description ?? null,
      });
      await em.flush();
      return transaction;
    });
  }

  @Mutation(() => Transaction, { description: 'Removes a transaction recorded in error (a tombstone stays in the change feed).' })
  async deleteTransaction(@Arg('id', () => ID) id: string, @Ctx() ctx: HubContext) {
    return inTransaction(ctx, async (em) => {
      const transaction = await getLive(em, Transaction, id);
      const { participations } = await activityOf(ctx, em, transaction);
      can.reportOnActivity(ctx, participations);
      markDeleted(transaction);
      await em.flush();
      return transaction;
    });
  }

  @Mutation(() => Result, { description: 'The activity’s funder or implementer records a result indicator with its baseline, targets and actuals.' })
  async recordResult(@Arg('activityId', () => ID) activityId: string, @Arg('input') input: ResultInput, @Ctx() ctx: HubContext) {
    return inTransaction(ctx, async (em) => {
      const { activity, participations } = await getActivityForWrite(ctx, em, activityId, 'activityId');
      can.reportOnActivity(ctx, participations);
      if (!input.indicator || input.indicator.length === 0) throw badInput('"indicator" is required.', 'indicator');
      const result = build(em, Result, {
        activity,
        type: input.type ?? undefined,
        indicator: toTranslationMap(input.indicator, 'indicator'),
        unit: input.unit ?? null,
        baselineYear: input.baselineYear ?? null,
        baseline: input.baseline ?? null,
        periods: toPeriods(input.periods),
      });
      await em.flush();
      return result;
    });
  }

  @Mutation(() => Result, { description: 'Changes a result, e.g. to record the actual value of a period (the periods given replace the stored ones).' })
  async updateResult(
    @Arg('id', () => ID) id: string,
    @Arg('input') input: ResultInput,
    @Ctx() ctx: HubContext,
    @Arg('expectedVersion', () => Int, { nullable: true }) expectedVersion?: number,
  ) {
    return inTransaction(ctx, async (em) => {
      const result = await getLive(em, Result, id);
      const { participations } = await activityOf(ctx, em, result);
      can.reportOnActivity(ctx, participations);
      checkVersion(result, expectedVersion);
      if (input.type != null) result.type = input.type;
      if (input.indicator !== undefined) {
        if (!input.indicator || input.indicator.length === 0) throw badInput('"indicator" cannot be empty.', 'indicator');
        result.indicator = toTranslationMap(input.indicator, 'indicator');
      }
      if (input.unit !== undefined) result.unit = input.unit;
      if (input.baselineYear !== undefined) result.baselineYear = input.baselineYear;
      if (input.baseline !== undefined) result.baseline = input.baseline;
      if (input.periods !== undefined) result.periods = toPeriods(input.periods);
      await em.flush();
      return result;
    });
  }
}
