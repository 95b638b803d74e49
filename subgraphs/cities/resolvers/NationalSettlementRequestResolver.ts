import type { FilterQuery } from '@mikro-orm/core';
import { Args, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { HubContext } from '../../../shared/context';
import { ConnectionType, paginate } from '../../../shared/pagination';
import { NationalSettlementRequest } from '../entities/NationalSettlementRequest';
import { Organisation } from '../entities/Organisation';
import { NationalSettlementRequestArgs } from '../inputs';
import { loaders } from '../loaders';

export const NationalSettlementRequestConnection = ConnectionType('NationalSettlementRequest', NationalSettlementRequest);

@Resolver(() => NationalSettlementRequest)
export class NationalSettlementRequestResolver {
  @Query(() => NationalSettlementRequestConnection, {
    description: 'National settlement requests (IMDi’s in Norway) with their revisions, newest year first.',
  })
  nationalSettlementRequests(@Args() args: NationalSettlementRequestArgs, @Ctx() ctx: HubContext) {
    const where: FilterQuery<NationalSettlementRequest>[] = [];
    if (args.country) where.push({ countryCode: args.country });
    if (args.year != null) where.push({ year: args.year });
    return paginate(ctx.em, NationalSettlementRequest, { $and: where }, args, { name: 'year', orderBy: { year: 'desc' } });
  }

  @FieldResolver(() => Organisation, { nullable: true, description: 'The national agency that made the request (IMDi in Norway).' })
  requestedBy(@Root() request: NationalSettlementRequest, @Ctx() ctx: HubContext) {
    return request.requestedBy ? loaders(ctx).organisation.load(request.requestedBy.id) : null;
  }
}
