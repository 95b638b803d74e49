import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { HubContext } from '../../../shared/context';
import { Commitment } from '../entities/Commitment';
import { Declaration } from '../entities/Declaration';
import { Meeting } from '../entities/Meeting';
import { Outcome } from '../entities/Outcome';
import type { Participant } from '../entities/Participant';
import { CityReference, FundingActivityReference, NetworkReference, OrganisationReference } from '../entities/references';
import type { Signatory } from '../entities/Signatory';
import { loaders } from '../loaders';
import { canSee } from '../permissions';

/** Meetings the caller may see, live, latest start first (drafts only for their organisers and admins). */
function visible(ctx: HubContext, meetings: (Meeting | null)[]): Meeting[] {
  const seen = new Set<string>();
  return meetings
    .filter((m): m is Meeting => !!m && !m.deletedAt && canSee.meeting(ctx.identity, m))
    .filter((m) => (seen.has(m.id) ? false : (seen.add(m.id), true)))
    .sort((a, b) => b.sortAt.getTime() - a.sortAt.getTime() || a.id.localeCompare(b.id));
}

async function attended(ctx: HubContext, participations: Participant[]) {
  const meetings = await loaders(ctx).meeting.loadMany(participations.map((p) => p.meeting.id));
  return visible(
    ctx,
    meetings.map((m) => (m instanceof Error ? null : m)),
  );
}

async function signed(ctx: HubContext, signatures: Signatory[]) {
  const declarations = await loaders(ctx).declaration.loadMany(signatures.map((s) => s.declaration.id));
  return declarations
    .filter((d): d is Declaration => d instanceof Declaration && !d.deletedAt)
    .sort((a, b) => b.sortAt.getTime() - a.sortAt.getTime() || a.id.localeCompare(b.id));
}

/** Commitments whose declaration is live, in the order of their declarations (latest first), then by position. */
async function ofLiveDeclarations(ctx: HubContext, commitments: Commitment[]) {
  const declarations = await loaders(ctx).declaration.loadMany(commitments.map((c) => c.declaration.id));
  const live = new Map(
    declarations.filter((d): d is Declaration => d instanceof Declaration && !d.deletedAt).map((d) => [d.id, d] as const),
  );
  return commitments
    .filter((c) => live.has(c.declaration.id))
    .sort((a, b) => {
      const x = live.get(a.declaration.id)!;
      const y = live.get(b.declaration.id)!;
      return y.sortAt.getTime() - x.sortAt.getTime() || x.id.localeCompare(y.id) || a.position - b.position;
    });
}

@Resolver(() => CityReference)
export class CityExtensionResolver {
  @FieldResolver(() => [Commitment], {
    nullable: true,
    description:
      'Commitments this city owns in declarations and position letters (Trondheim: its 115 places in the KS letter), latest first.',
  })
  async commitments(@Root() city: CityReference, @Ctx() ctx: HubContext) {
    return ofLiveDeclarations(ctx, await loaders(ctx).commitmentsOfCity.load(city.id));
  }

  @FieldResolver(() => [Meeting], { nullable: true, description: 'Meetings held in this city, latest first.' })
  async meetingsHosted(@Root() city: CityReference, @Ctx() ctx: HubContext) {
    return visible(ctx, await loaders(ctx).meetingsHostedByCity.load(city.id));
  }

  @FieldResolver(() => [Meeting], { nullable: true, description: 'Meetings this city took or takes part in, latest first.' })
  async meetingsAttended(@Root() city: CityReference, @Ctx() ctx: HubContext) {
    return attended(ctx, await loaders(ctx).participationsOfCity.load(city.id));
  }

  @FieldResolver(() => [Declaration], { nullable: true, description: 'Declarations this city signed, latest first.' })
  async declarationsSigned(@Root() city: CityReference, @Ctx() ctx: HubContext) {
    return signed(ctx, await loaders(ctx).signaturesOfCity.load(city.id));
  }
}

@Resolver(() => OrganisationReference)
export class OrganisationExtensionResolver {
  @FieldResolver(() => [Commitment], { nullable: true, description: 'Commitments this organisation owns in declarations, latest first.' })
  async commitments(@Root() organisation: OrganisationReference, @Ctx() ctx: HubContext) {
    return ofLiveDeclarations(ctx, await loaders(ctx).commitmentsOfOrganisation.load(organisation.id));
  }

  @FieldResolver(() => [Meeting], { nullable: true, description: 'Meetings this organisation organises or organised, latest first.' })
  async meetingsOrganised(@Root() organisation: OrganisationReference, @Ctx() ctx: HubContext) {
    return visible(ctx, await loaders(ctx).meetingsOrganisedBy.load(organisation.id));
  }

  @FieldResolver(() => [Meeting], { nullable: true, description: 'Meetings this organisation took or takes part in, latest first.' })
  async meetingsAttended(@Root() organisation: OrganisationReference, @Ctx() ctx: HubContext) {
    return attended(ctx, await loaders(ctx).participationsOfOrganisation.load(organisation.id));
  }

  @FieldResolver(() => [Declaration], { nullable: true, description: 'Declarations this organisation signed, latest first.' })
  async declarationsSigned(@Root() organisation: OrganisationReference, @Ctx() ctx: HubContext) {
    return signed(ctx, await loaders(ctx).signaturesOfOrganisation.load(organisation.id));
  }
}

@Resolver(() => NetworkReference)
export class NetworkExtensionResolver {
  @FieldResolver(() => [Meeting], { nullable: true, description: 'The network’s meetings, latest first.' })
  async meetings(@Root() network: NetworkReference, @Ctx() ctx: HubContext) {
    return visible(ctx, await loaders(ctx).meetingsOfNetwork.load(network.id));
  }

  @FieldResolver(() => [Declaration], {
    nullable: true,
    description: 'The network’s declarations, position letters and pledges, latest first.',
  })
  async declarations(@Root() network: NetworkReference, @Ctx() ctx: HubContext) {
    const declarations = await loaders(ctx).declarationsOfNetwork.load(network.id);
    return [...declarations].sort((a, b) => b.sortAt.getTime() - a.sortAt.getTime() || a.id.localeCompare(b.id));
  }
}

@Resolver(() => FundingActivityReference)
export class FundingActivityExtensionResolver {
  @FieldResolver(() => [Outcome], { nullable: true, description: 'The meeting outcomes that led to this funding activity.' })
  async originatingOutcomes(@Root() activity: FundingActivityReference, @Ctx() ctx: HubContext) {
    const outcomes = await loaders(ctx).outcomesOfFundingActivity.load(activity.id);
    const meetings = await loaders(ctx).meeting.loadMany(outcomes.map((o) => o.meeting.id));
    const shown = new Set(
      visible(
        ctx,
        meetings.map((m) => (m instanceof Error ? null : m)),
      ).map((m) => m.id),
    );
    return outcomes.filter((o) => shown.has(o.meeting.id));
  }
}
