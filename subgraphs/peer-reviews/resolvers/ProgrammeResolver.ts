import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { HubContext } from '../../../shared/context';
import { OrganisationReference } from '../entities/references';
import { ProgrammeDay } from '../entities/ProgrammeDay';
import { ProgrammeSession } from '../entities/ProgrammeSession';
import { loaders } from '../loaders';

@Resolver(() => ProgrammeDay)
export class ProgrammeDayResolver {
  @FieldResolver(() => [ProgrammeSession])
  sessions(@Root() day: ProgrammeDay, @Ctx() ctx: HubContext) {
    return loaders(ctx).sessionsOf.load(day.id);
  }
}

@Resolver(() => ProgrammeSession)
export class ProgrammeSessionResolver {
  @FieldResolver(() => OrganisationReference, { nullable: true, description: 'The organisation met, when it is in the hub.' })
  organisation(@Root() session: ProgrammeSession) {
    return OrganisationReference.of(session.organisationId);
  }
}
