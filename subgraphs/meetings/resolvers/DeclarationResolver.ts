import type { FilterQuery } from '@mikro-orm/core';
import { Arg, Args, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { HubContext } from '../../../shared/context';
import { build } from '../../../shared/entity';
import { badInput, conflict } from '../../../shared/errors';
import { assertId, exactlyOneParty, getLive, optionalId } from '../../../shared/lookup';
import { ConnectionType, paginate } from '../../../shared/pagination';
import { toTranslationMap } from '../../../shared/translated-text';
import { removeLive, runWrite } from '../../../shared/write';
import { Commitment } from '../entities/Commitment';
import { Declaration } from '../entities/Declaration';
import { DeclarationVersion } from '../entities/DeclarationVersion';
import { Meeting } from '../entities/Meeting';
import { NetworkReference } from '../entities/references';
import { Recipient } from '../entities/Recipient';
import { Signatory } from '../entities/Signatory';
import {
  AddCommitmentInput,
  DeclarationArgs,
  DeclarationInput,
  DeclarationVersionInput,
  RecipientInput,
  SignatoryInput,
  UpdateCommitmentInput,
} from '../inputs';
import { loaders } from '../loaders';
import { canSee, permissions } from '../permissions';
import { getReferencedMeeting } from './common';

export const DeclarationConnection = ConnectionType('Declaration', Declaration);

@Resolver(() => Declaration)
export class DeclarationResolver {
  @Query(() => Declaration, { description: 'One declaration, position letter or pledge by id.' })
  declaration(@Arg('id', () => ID) id: string, @Ctx() ctx: HubContext) {
    return getLive(ctx.em, Declaration, id);
  }

  @Query(() => DeclarationConnection, {
    description: 'Declarations, position letters and pledges, latest first, filtered by network, kind and signatory.',
  })
  async declarations(@Args() args: DeclarationArgs, @Ctx() ctx: HubContext) {
    const where: FilterQuery<Declaration>[] = [];
    if (args.network) {
      assertId(args.network, 'network');
      where.push({ networkId: args.network });
    }
    if (args.kind?.length) where.push({ kind: { $in: args.kind } });
    if (args.signatory) {
      assertId(args.signatory, 'signatory');
      const signed = await ctx.em.find(
        Signatory,
        { $or: [{ cityId: args.signatory }, { organisationId: args.signatory }] },
        { fields: ['declaration'] },
      );
      where.push({ id: { $in: signed.map((s) => s.declaration.id) } });
    }
    return paginate(ctx.em, Declaration, { $and: where }, args, { name: 'adopted', orderBy: { sortAt: 'desc' } });
  }

  @FieldResolver(() => NetworkReference, { nullable: true, description: 'The network or platform that adopted or sent it.' })
  network(@Root() declaration: Declaration) {
    return NetworkReference.of(declaration.networkId);
  }

  @FieldResolver(() => Meeting, { nullable: true, description: 'The meeting where it was adopted.' })
  async adoptedAt(@Root() declaration: Declaration, @Ctx() ctx: HubContext) {
    if (!declaration.adoptedAt) return null;
    const meeting = await loaders(ctx).meeting.load(declaration.adoptedAt.id);
    return meeting && !meeting.deletedAt && canSee.meeting(ctx.identity, meeting) ? meeting : null;
  }

  @FieldResolver(() => [DeclarationVersion], { description: 'Every version, the first one first; the last is current.' })
  versions(@Root() declaration: Declaration, @Ctx() ctx: HubContext) {
    return loaders(ctx).versionsOfDeclaration.load(declaration.id);
  }

  @FieldResolver(() => [Signatory])
  signatories(@Root() declaration: Declaration, @Ctx() ctx: HubContext) {
    return loaders(ctx).signatoriesOfDeclaration.load(declaration.id);
  }

  @FieldResolver(() => [Recipient], { description: 'Addressees first in the order added, then copies.' })
  async recipients(@Root() declaration: Declaration, @Ctx() ctx: HubContext) {
    const all = await loaders(ctx).recipientsOfDeclaration.load(declaration.id);
    return [...all].sort((a, b) => (a.role === b.role ? 0 : a.role === 'ADDRESSEE' ? -1 : 1));
  }

  @FieldResolver(() => [Commitment])
  commitments(@Root() declaration: Declaration, @Ctx() ctx: HubContext) {
    return loaders(ctx).commitmentsOfDeclaration.load(declaration.id);
  }

  @Mutation(() => Declaration, { description: 'Admins record a declaration, position letter or pledge; its title and text are version 1.' })
  createDeclaration(@Arg('input') input: DeclarationInput, @Ctx() ctx: HubContext) {
    const title = () => toTranslationMap(input.title, 'title');
    const text = () => toTranslationMap(input.text, 'text');
    const adoptedYear = input.adoptedOn ? Number(input.adoptedOn.slice(0, 4)) : (input.adoptedYear ?? null);
    let meeting: Meeting | null = null;
    return runWrite(ctx, {
      name: 'createDeclaration',
      load: async () => ({}),
      right: permissions.createDeclaration,
      validate: async (_, em) => {
        if (!Object.keys(title()).length || !Object.keys(text()).length) throw badInput('A declaration needs a title and a text.', 'title');
        if (input.adoptedOn && input.adoptedYear != null && input.adoptedYear !== adoptedYear) {
          throw badInput('adoptedYear does not match adoptedOn.', 'adoptedYear');
        }
        optionalId(input.networkId, 'networkId');
        if (input.adoptedAtMeetingId) meeting = await getReferencedMeeting(ctx, em, input.adoptedAtMeetingId, 'adoptedAtMeetingId');
      },
      change: (_, em) => {
        const declaration = build(em, Declaration, {
          kind: input.kind,
          networkId: input.networkId ?? meeting?.networkId ?? null,
          title: title(),
          text: text(),
          adoptedOn: input.adoptedOn ?? null,
          adoptedYear,
          adoptedAt: meeting,
          source: input.source ?? null,
        });
        build(em, DeclarationVersion, { declaration, number: 1, title: title(), text: text(), adoptedOn: input.adoptedOn ?? null });
        return declaration;
      },
    });
  }

  @Mutation(() => Declaration, {
    description: 'Admins add a new version; it supersedes the current one, which stays readable under versions.',
  })
  addDeclarationVersion(
    @Arg('declarationId', () => ID) declarationId: string,
    @Arg('input') input: DeclarationVersionInput,
    @Ctx() ctx: HubContext,
    @Arg('expectedVersion', () => Int, { nullable: true, description: 'The declaration’s version (its `version` field) you read.' })
    expectedVersion?: number,
  ) {
    return runWrite(ctx, {
      name: 'addDeclarationVersion',
      load: (em) => getLive(em, Declaration, declarationId, 'declarationId'),
      right: permissions.addDeclarationVersion,
      version: { of: (declaration) => declaration, expected: expectedVersion },
      change: (declaration, em) => {
        const title = toTranslationMap(input.title, 'title');
        const text = toTranslationMap(input.text, 'text');
        const number = declaration.currentVersion + 1;
        build(em, DeclarationVersion, {
          declaration,
          number,
          title,
          text,
          adoptedOn: input.adoptedOn ?? null,
          changeNote: input.changeNote ? toTranslationMap(input.changeNote, 'changeNote') : null,
        });
        return em.assign(declaration, { currentVersion: number, title, text });
      },
    });
  }

  @Mutation(() => Signatory, { description: 'Adds a signatory: admins, or the signing municipality itself.' })
  addSignatory(@Arg('declarationId', () => ID) declarationId: string, @Arg('input') input: SignatoryInput, @Ctx() ctx: HubContext) {
    return runWrite(ctx, {
      name: 'addSignatory',
      load: async (em) => ({ declaration: await getLive(em, Declaration, declarationId, 'declarationId'), cityId: input.cityId }),
      right: permissions.addSignatory,
      validate: async ({ declaration }, em) => {
        exactlyOneParty(input, 'A signatory');
        const existing = await em.count(Signatory, {
          declaration: declaration.id,
          ...(input.cityId ? { cityId: input.cityId } : { organisationId: input.organisationId }),
        });
        if (existing > 0) throw conflict('This city or organisation has already signed.');
      },
      change: ({ declaration }, em) =>
        build(em, Signatory, {
          declaration,
          cityId: input.cityId ?? null,
          organisationId: input.organisationId ?? null,
          signedOn: input.signedOn ?? null,
          note: input.note ? toTranslationMap(input.note, 'note') : null,
        }),
    });
  }

  @Mutation(() => Signatory, { description: 'Removes a signature recorded in error: admins, or the municipality itself.' })
  removeSignatory(@Arg('id', () => ID) id: string, @Ctx() ctx: HubContext) {
    return removeLive(ctx, 'removeSignatory', Signatory, id, permissions.removeSignatory);
  }

  @Mutation(() => Recipient, { description: 'Admins add an addressee or a copy recipient.' })
  addRecipient(@Arg('declarationId', () => ID) declarationId: string, @Arg('input') input: RecipientInput, @Ctx() ctx: HubContext) {
    return runWrite(ctx, {
      name: 'addRecipient',
      load: (em) => getLive(em, Declaration, declarationId, 'declarationId'),
      right: permissions.addRecipient,
      validate: () => exactlyOneParty(input, 'A recipient'),
      change: (declaration, em) =>
        build(em, Recipient, { declaration, cityId: input.cityId ?? null, organisationId: input.organisationId ?? null, role: input.role }),
    });
  }

  @Mutation(() => Commitment, { description: 'Admins add a commitment to a declaration.' })
  addCommitment(@Arg('declarationId', () => ID) declarationId: string, @Arg('input') input: AddCommitmentInput, @Ctx() ctx: HubContext) {
    let fields: CommitmentFields;
    return runWrite(ctx, {
      name: 'addCommitment',
      load: async (em) => {
        const declaration = await getLive(em, Declaration, declarationId, 'declarationId');
        return { declaration, count: await em.count(Commitment, { declaration: declaration.id }) };
      },
      right: permissions.addCommitment,
      validate: () => {
        fields = commitmentFields(input, {});
      },
      change: ({ declaration, count }, em) => build(em, Commitment, { declaration, position: count + 1, text: {}, ...fields }),
    });
  }

  @Mutation(() => Commitment, { description: 'Admins update a commitment; the municipality that owns it may update its follow-up status.' })
  updateCommitment(
    @Arg('id', () => ID) id: string,
    @Arg('input') input: UpdateCommitmentInput,
    @Ctx() ctx: HubContext,
    @Arg('expectedVersion', () => Int, { nullable: true }) expectedVersion?: number,
  ) {
    const followUpOnly = Object.entries(input).every(([key, value]) => value === undefined || key === 'followUpStatus');
    let fields: CommitmentFields;
    return runWrite(ctx, {
      name: 'updateCommitment',
      load: (em) => getLive(em, Commitment, id),
      right: followUpOnly ? permissions.followUpCommitment : permissions.updateCommitment,
      version: { of: (commitment) => commitment, expected: expectedVersion },
      validate: (commitment) => {
        fields = commitmentFields(input, commitment);
      },
      change: (commitment, em) => em.assign(commitment, fields),
    });
  }
}

@Resolver(() => Commitment)
export class CommitmentResolver {
  @FieldResolver(() => Declaration, { description: 'The declaration, position letter or pledge the commitment was made in.' })
  declaration(@Root() commitment: Commitment, @Ctx() ctx: HubContext) {
    return loaders(ctx).declaration.load(commitment.declaration.id);
  }
}

@Resolver(() => DeclarationVersion)
export class DeclarationVersionResolver {
  @FieldResolver(() => Boolean, { description: 'True for the version in force.' })
  async current(@Root() version: DeclarationVersion, @Ctx() ctx: HubContext) {
    const all = await loaders(ctx).versionsOfDeclaration.load(version.declaration.id);
    return all[all.length - 1]?.id === version.id;
  }

  @FieldResolver(() => DeclarationVersion, { nullable: true, description: 'The earlier version this one replaced.' })
  async supersedes(@Root() version: DeclarationVersion, @Ctx() ctx: HubContext) {
    const all = await loaders(ctx).versionsOfDeclaration.load(version.declaration.id);
    return all.find((v) => v.number === version.number - 1) ?? null;
  }

  @FieldResolver(() => DeclarationVersion, { nullable: true, description: 'The later version that replaced this one.' })
  async supersededBy(@Root() version: DeclarationVersion, @Ctx() ctx: HubContext) {
    const all = await loaders(ctx).versionsOfDeclaration.load(version.declaration.id);
    return all.find((v) => v.number === version.number + 1) ?? null;
  }
}

/** What an input sets on a commitment, converted and checked (BAD_USER_INPUT naming the field). */
type CommitmentFields = Partial<Pick<Commitment, 'text' | 'ownerCityId' | 'ownerOrganisationId' | 'places' | 'dueDate' | 'followUpStatus'>>;

function commitmentFields(input: AddCommitmentInput | UpdateCommitmentInput, current: Partial<Pick<Commitment, 'text'>>): CommitmentFields {
  const fields: CommitmentFields = {};
  if (input.text != null) fields.text = toTranslationMap(input.text, 'text');
  if (!Object.keys(fields.text ?? current.text ?? {}).length) throw badInput('A commitment needs a text.', 'text');
  if (input.ownerCityId !== undefined) fields.ownerCityId = optionalId(input.ownerCityId, 'ownerCityId');
  if (input.ownerOrganisationId !== undefined) fields.ownerOrganisationId = optionalId(input.ownerOrganisationId, 'ownerOrganisationId');
  if (input.places !== undefined) fields.places = input.places;
  if (input.dueDate !== undefined) fields.dueDate = input.dueDate;
  if (input.followUpStatus != null) fields.followUpStatus = input.followUpStatus;
  return fields;
}
