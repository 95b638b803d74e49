import { ADMIN, rule } from '../../../shared/permissions';
import { historyResolver, restoreResolver, versioned } from '../../../shared/history';
import { Budget } from '../entities/Budget';
import { MANAGING_ROLES } from '../entities/enums';
import { FundingActivity } from '../entities/FundingActivity';
import type { Participation } from '../entities/Participation';
import { Transaction } from '../entities/Transaction';
import { getVisibleActivity, isVisible } from './common';

/*
 * The history of funding activities with their budgets and transactions; shared/history.ts records
 * it and answers it. Budgets and transactions show in their activity's history; a restore sets back
 * the activity's own fields (the budget total is kept by addBudget and deleteBudget).
 */
versioned(FundingActivity, { keep: ['budgetTotal'] });
versioned(Budget, { partOf: [FundingActivity, 'activity'], keep: false });
versioned(Transaction, { partOf: [FundingActivity, 'activity'], keep: false });

export const FundingActivityHistoryResolver = historyResolver(FundingActivity, { canSee: (ctx, activity) => isVisible(ctx, activity) });
export const BudgetHistoryResolver = historyResolver(Budget);
export const TransactionHistoryResolver = historyResolver(Transaction);

interface ActivityWithParticipations {
  activity: FundingActivity;
  participations: Participation[];
}

export const RestoreFundingActivityVersionResolver = restoreResolver<FundingActivity, ActivityWithParticipations>(FundingActivity, {
  load: (em, ctx, id) => getVisibleActivity(ctx, em, id),
  rootOf: (target) => target.activity,
  right: rule<ActivityWithParticipations>(
    'Only a funder whose organisation has the FUNDING or ACCOUNTABLE role in this activity may change it.',
    ADMIN,
    {
      role: 'funder',
      when: (identity, target) =>
        identity.organisationId != null &&
        target.participations.some((p) => p.organisationId === identity.organisationId && MANAGING_ROLES.includes(p.role)),
    },
  ),
});
