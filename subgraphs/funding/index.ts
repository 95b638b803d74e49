import 'reflect-metadata';
import { RecordVersion } from './entities/RecordVersion';
import { webhookEntities } from './entities/Webhooks';
import { FundingWebhookResolver, FundingWebhookDeliveryResolver } from './resolvers/WebhookResolver';
import {
  FundingActivityHistoryResolver,
  BudgetHistoryResolver,
  TransactionHistoryResolver,
  RestoreFundingActivityVersionResolver,
} from './resolvers/HistoryResolver';
import type { SubgraphDefinition } from '../../shared/subgraph';
import { CATALOG } from '../catalog';
import { Budget } from './entities/Budget';
import { Fund } from './entities/Fund';
import { FundingActivity } from './entities/FundingActivity';
import { Participation } from './entities/Participation';
import { Result } from './entities/Result';
import { Transaction } from './entities/Transaction';
import { migrations } from './migrations';
import { references } from './references';
import { ActivityPartsResolver } from './resolvers/ActivityPartsResolver';
import { CityFundingResolver, OrganisationFundingResolver } from './resolvers/FederationResolvers';
import {
  BudgetResolver,
  ResultResolver,
  FundingActivityResolver,
  FundingAggregatesResolver,
  ParticipationResolver,
  TransactionResolver,
} from './resolvers/FundingActivityResolver';
import { FundResolver } from './resolvers/FundResolver';
import { seedFunding } from './seed';

/** Funds and funding activities (IATI style): participations, budgets, transactions, results; City and Organisation extended by key. */
export const funding: SubgraphDefinition = {
  ...CATALOG.funding,
  entities: [Fund, FundingActivity, Participation, Budget, Transaction, Result, RecordVersion, ...webhookEntities],
  migrations,
  resolvers: [
    FundResolver,
    FundingActivityResolver,
    FundingAggregatesResolver,
    ParticipationResolver,
    BudgetResolver,
    ResultResolver,
    TransactionResolver,
    ActivityPartsResolver,
    CityFundingResolver,
    OrganisationFundingResolver,
    FundingActivityHistoryResolver,
    BudgetHistoryResolver,
    TransactionHistoryResolver,
    RestoreFundingActivityVersionResolver,
    FundingWebhookResolver,
    FundingWebhookDeliveryResolver,
  ],
  references,
  seed: seedFunding,
};
