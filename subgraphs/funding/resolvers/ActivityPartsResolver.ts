import type { EntityData } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Arg, Ctx, ID, Int, Mutation, Resolver } from 'type-graphql';
import type { HubContext } from '../../../shared/context';
import { build } from '../../../shared/entity';
import { badInput } from '../../../shared/errors';
import { assertId, getLive, markDeleted } from '../../../shared/lookup';
import { assertMoney } from '../../../shared/money';
import { toTranslationMap, type TranslationMap } from '../../../shared/translated-text';
import { assertDateOrder } from '../../../shared/validation';
import { runWrite } from '../../../shared/write';
import { Budget, budgetTotal } from '../entities/Budget';
import type { Participation } from '../entities/Participation';
import { Result, ResultPeriod } from '../entities/Result';
import { Transaction } from '../entities/Transaction';
import { BudgetInput, CreateResultInput, ResultPeriodInput, TransactionInput, UpdateResultInput } from '../inputs';
import { permissions } from '../permissions';
import { getActivityForWrite, getActivityWithBudgets } from './common';

function assertTakesPart(participations: Participation[], organisationId: string | null | undefined, field: string) {
  if (organisationId == null) return;
  assertId(organisationId, field);
  if (!participations.some((p) => p.organisationId === organisationId)) {
    throw badInput(
      `"${field}": the organisation ${organisationId} does not take part in this activity; add it as a participating organisation first.`,
      field,
    );
  }
}

function toPeriods(input: ResultPeriodInput[]): ResultPeriod[] {
  return input.map((p, index) => {
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

function toIndicator(indicator: CreateResultInput['indicator']): TranslationMap {
  if (indicator.length === 0) throw badInput('"indicator" needs at least one translation.', 'indicator');
  return toTranslationMap(indicator, 'indicator');
}

/** A budget, transaction or result with its activity; when the activity is hidden from the caller, the record itself is NOT_FOUND. */
async function partForWrite<T extends Budget | Transaction | Result>(
  ctx: HubContext,
  em: EntityManager,
  entity: { new (): T; name: string },
  id: string,
) {
  const part = await getLive(em, entity, id);
  const { activity, participations } = await getActivityForWrite(ctx, em, part.activity.id, 'activityId', {
    hiddenAs: { type: entity.name, id },
  });
  return { part, activity, participations };
}

@Resolver()
export class ActivityPartsResolver {
  @Mutation(() => Budget, { description: 'The activity’s funder adds a budget for a period.' })
  addBudget(@Arg('activityId', () => ID) activityId: string, @Arg('input') input: BudgetInput, @Ctx() ctx: HubContext) {
    return runWrite(ctx, {
      name: 'addBudget',
      load: (em) => getActivityWithBudgets(ctx, em, activityId, 'activityId'),
      right: permissions.addBudget,
      validate() {
        assertMoney(input.value, 'value');
        assertDateOrder(input.periodStart, input.periodEnd, 'periodStart', 'periodEnd');
      },
      change({ activity, budgets }, em) {
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
        activity.budgetTotal = budgetTotal([...budgets, budget], activity.defaultCurrency);
        return budget;
      },
    });
  }

  @Mutation(() => Budget, { description: 'The activity’s funder removes a budget.' })
  deleteBudget(@Arg('id', () => ID) id: string, @Ctx() ctx: HubContext) {
    return runWrite(ctx, {
      name: 'deleteBudget',
      async load(em) {
        const budget = await getLive(em, Budget, id);
        return { budget, ...(await getActivityWithBudgets(ctx, em, budget.activity.id, 'activityId', { type: 'Budget', id })) };
      },
      right: permissions.deleteBudget,
      change({ budget, activity, budgets }) {
        markDeleted(budget);
        activity.budgetTotal = budgetTotal(budgets, activity.defaultCurrency);
        return budget;
      },
    });
  }

  @Mutation(() => Transaction, {
    description: 'The activity’s funder or implementer records a transaction; its provider and receiver must take part in the activity.',
  })
  recordTransaction(@Arg('activityId', () => ID) activityId: string, @Arg('input') input: TransactionInput, @Ctx() ctx: HubContext) {
    return runWrite(ctx, {
      name: 'recordTransaction',
      load: (em) => getActivityForWrite(ctx, em, activityId, 'activityId'),
      right: permissions.recordTransaction,
      validate({ participations }) {
        assertMoney(input.value, 'value');
        assertTakesPart(participations, input.providerOrganisationId, 'providerOrganisationId');
        assertTakesPart(participations, input.receiverOrganisationId, 'receiverOrganisationId');
      },
      change: ({ activity }, em) =>
        build(em, Transaction, {
          activity,
          type: input.type,
          transactionDate: input.transactionDate,
          amount: input.value.amount,
          currency: input.value.currency,
          valueDate: input.value.valueDate ?? input.transactionDate,
          providerOrganisationId: input.providerOrganisationId ?? null,
          receiverOrganisationId: input.receiverOrganisationId ?? null,
          description: input.description ?? null,
        }),
    });
  }

  @Mutation(() => Transaction, { description: 'Removes a transaction recorded in error (a tombstone stays in the change feed).' })
  deleteTransaction(@Arg('id', () => ID) id: string, @Ctx() ctx: HubContext) {
    return runWrite(ctx, {
      name: 'deleteTransaction',
      load: (em) => partForWrite(ctx, em, Transaction, id),
      right: permissions.deleteTransaction,
      change: ({ part }) => markDeleted(part),
    });
  }

  @Mutation(() => Result, {
    description: 'The activity’s funder or implementer records a result indicator with its baseline, targets and actuals.',
  })
  recordResult(@Arg('activityId', () => ID) activityId: string, @Arg('input') input: CreateResultInput, @Ctx() ctx: HubContext) {
    let indicator: TranslationMap = {};
    let periods: ResultPeriod[] = [];
    return runWrite(ctx, {
      name: 'recordResult',
      load: (em) => getActivityForWrite(ctx, em, activityId, 'activityId'),
      right: permissions.recordResult,
      validate() {
        indicator = toIndicator(input.indicator);
        periods = toPeriods(input.periods);
      },
      change: ({ activity }, em) =>
        build(em, Result, {
          activity,
          type: input.type,
          indicator,
          unit: input.unit ?? null,
          baselineYear: input.baselineYear ?? null,
          baseline: input.baseline ?? null,
          periods,
        }),
    });
  }

  @Mutation(() => Result, {
    description: 'Changes a result, e.g. to record the actual value of a period (the periods given replace the stored ones).',
  })
  updateResult(
    @Arg('id', () => ID) id: string,
    @Arg('input') input: UpdateResultInput,
    @Ctx() ctx: HubContext,
    @Arg('expectedVersion', () => Int, { nullable: true }) expectedVersion?: number,
  ) {
    const changes: EntityData<Result> = {};
    return runWrite(ctx, {
      name: 'updateResult',
      load: (em) => partForWrite(ctx, em, Result, id),
      right: permissions.updateResult,
      version: { of: ({ part }) => part, expected: expectedVersion },
      validate() {
        if (input.type != null) changes.type = input.type;
        if (input.indicator === null) throw badInput('"indicator" cannot be cleared.', 'indicator');
        if (input.indicator !== undefined) changes.indicator = toIndicator(input.indicator);
        if (input.unit !== undefined) changes.unit = input.unit;
        if (input.baselineYear !== undefined) changes.baselineYear = input.baselineYear;
        if (input.baseline !== undefined) changes.baseline = input.baseline;
        if (input.periods !== undefined) changes.periods = toPeriods(input.periods ?? []);
      },
      change: ({ part }, em) => em.assign(part, changes),
    });
  }
}
