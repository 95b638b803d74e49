import { historyResolver, restoreResolver, versioned } from '../../../shared/history';
import { Budget } from '../entities/Budget';
import { FundingActivity } from '../entities/FundingActivity';
import { Transaction } from '../entities/Transaction';
import { permissions } from '../permissions';
import { getVisibleActivity, isVisible } from './common';

/*
 * The history of funding activities with their budgets and transactions; shared/history.ts records
 * it and answers it. Budgets and transactions show in their activity's history; a restore sets back
 * the activity's own fields (the budget total and its currency are kept by the budget mutations).
 */
// the currency and the total follow the budgets (updateFundingActivity recomputes them): a restore leaves them
versioned(FundingActivity, { keep: ['budgetTotal', 'defaultCurrency'] });
versioned(Budget, { partOf: [FundingActivity, 'activity'], keep: false });
versioned(Transaction, { partOf: [FundingActivity, 'activity'], keep: false });

export const FundingActivityHistoryResolver = historyResolver(FundingActivity, { canSee: (ctx, activity) => isVisible(ctx, activity) });
export const BudgetHistoryResolver = historyResolver(Budget);
export const TransactionHistoryResolver = historyResolver(Transaction);

/** An activity's versions are restored by whoever may update it (its funder, admins). */
export const RestoreFundingActivityVersionResolver = restoreResolver<FundingActivity, Awaited<ReturnType<typeof getVisibleActivity>>>(
  FundingActivity,
  {
    load: (em, ctx, id) => getVisibleActivity(ctx, em, id),
    rootOf: (target) => target.activity,
    right: permissions.updateFundingActivity,
  },
);
