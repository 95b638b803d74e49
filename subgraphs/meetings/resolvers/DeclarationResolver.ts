import type { FilterQuery } from '@mikro-orm/core';
import { Arg, Args, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { requireFields } from '../../../shared/validation';
import type { HubContext } from '../../../shared/context';
import { build } from '../../../shared/entity';
import { badInput, conflict } from '../../../shared/errors';
import { assertId, checkVersion, exactlyOneParty, getLive, markDeleted, optionalId } from '../../../shared/lookup';
import { ConnectionType, paginate } from '../../../shared/pagination';
import { requireSignedIn } from '../../../shared/permissions';
import { toTranslationMap } from '../../../shared/translated-text';
import { Commitment } from '../entities/Commitment';
import { Declaration } from '../entities/Declaration';
import { DeclarationVersion } from '../entities/DeclarationVersion';
import { Meeting } from '../entities/Meeting';
import { networkRef, NetworkReference } from '../entities/references';
import { Recipient } from '../entities/Recipient';
import { Signatory } from '../entities/Signatory';
import { CommitmentInput, DeclarationArgs, DeclarationInput, DeclarationVersionInput, RecipientInput, SignatoryInput } from '../inputs';
import { loaders } from '../loaders';
import { can } from '../permissions';
import { getVisibleMeeting } from './common';

export const DeclarationConnection = ConnectionType('Declaration', Declaration);

@Resolver(() => Declaration)
export class DeclarationResolver {
  @Query(() => Declaration, { description: 'One declaration, position letter or pledge by id.' })
  declaration(@Arg('id', () => ID) id: string, @Ctx() ctx: HubContext) {
    return getLive(ctx.em, Declaration, id);
  }

  @Query(() => DeclarationConnection, { description: 'Declarations, position letters and pledges, latest first, filtered by network, kind and signatory.' })
  async declarations(@Args() args: DeclarationArgs, @Ctx() ctx: HubContext) {
    const where: FilterQuery<Declaration>[] = [];
    if (args.network) {
      assertId(args.network, 'network');
      where.push({ networkId: args.network });
    }
    if (args.kind?.length) where.push({ kind: { $in: args.kind } });
    if (args.signatory) {
      assertId(args.signatory, 'signatory');
      const signed = await ctx.em.find(Signatory, { $or: [{ cityId: args.signatory }, { organisationId: args.signatory }] }, { fields: ['declaration'] });
      where.push({ id: { $in: signed.map((s) => s.declaration.id) } });
    }
    return paginate(ctx.em, Declaration, { $and: where }, args, { name: 'adopted', orderBy: { sortAt: 'desc' } });
  }

  @FieldResolver(() => NetworkReference, { nullable: true, description: 'The network or platform that adopted or sent it.' })
  network(@Root() declaration: Declaration) {
    return networkRef(declaration.networkId);
  }

  @FieldResolver(() => Meeting, { nullable: true, description: 'The meeting where it was adopted.' })
  async adoptedAt(@Root() declaration: Declaration, @Ctx() ctx: HubContext) {
    if (!declaration.adoptedAt) return null;
    const meeting = await loaders(ctx).meeting.load(declaration.adoptedAt.id);
    return meeting && !meeting.deletedAt && can.seeMeeting(ctx.identity, meeting) ? meeting : null;
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
  async createDeclaration(@Arg('input') input: DeclarationInput, @Ctx() ctx: HubContext) {
    can.manageDeclarations(ctx, 'record declarations');
    return ctx.em.transactional(async (em) => {
      const title = toTranslationMap(input.title, 'title');
      const text = toTranslationMap(input.text, 'text');
      if (!Object.keys(title).length || !Object.keys(text).length) throw badInput('A declaration needs a title and a text.', 'title');
      const adoptedYear = input.adoptedOn ? Number(input.adoptedOn.slice(0, 4)) : (input.adoptedYear ?? null);
      if (input.adoptedOn && input.adoptedYear != null && input.adoptedYear !== adoptedYear) {
        throw badInput('adoptedYear does not match adoptedOn.', 'adoptedYear');
      }
      const meeting = input.adoptedAtMeetingId ? await getVisibleMeeting(ctx, em, input.adoptedAtMeetingId, 'adoptedAtMeetingId') : null;
      const declaration = build(em, Declaration, {
        kind: input.kind,
        networkId: optionalId(input.networkId, 'networkId') ?? meeting?.networkId ?? null,
        title,
        text,
        adoptedOn: input.adoptedOn ?? null,
        adoptedYear,
        adoptedAt: meeting,
        source: input.source ?? null,
      });
      build(em, DeclarationVersion, { declaration, number: 1, title, text, adoptedOn: input.adoptedOn ?? null });
      await em.flush();
      return declaration;
    });
  }

  @Mutation(() => Declaration, { description: 'Admins add a new version; it supersedes the current one, which stays readable under versions.' })
  async addDeclarationVersion(
    @Arg('declarationId', () => ID) declarationId: string,
    @Arg('input') input: DeclarationVersionInput,
    @Ctx() ctx: HubContext,
    @Arg('expectedVersion', () => Int, { nullable: true, description: 'The declaration’s version (its `version` field) you read.' }) expectedVersion?: number,
  ) {
    can.manageDeclarations(ctx, 'add declaration versions');
    return ctx.em.transactional(async (em) => {
      const declaration = await getLive(em, Declaration, declarationId, 'declarationId');
      checkVersion(declaration, expectedVersion);
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
      declaration.currentVersion = number;
      declaration.title = title;
      declaration.text = text;
      await em.flush();
      return declaration;
    });
  }

  @Mutation(() => Signatory, { description: 'Adds a signatory: admins, or the signing municipality itself.' })
  async addSignatory(@Arg('declarationId', () => ID) declarationId: string, @Arg('input') input: SignatoryInput, @Ctx() ctx: HubContext) {
    can.addSignatory(ctx, input);
    exactlyOneParty(input, 'A signatory');
    return ctx.em.transactional(async (em) => {
      const declaration = await getLive(em, Declaration, declarationId, 'declarationId');
      const existing = await em.count(Signatory, {
        declaration: declaration.id,
        ...(input.cityId ? { cityId: input.cityId } : { organisationId: input.organisationId }),
      });
      if (existing > 0) throw conflict('This city or organisation has already signed.');
      const signatory = build(em, Signatory, {
        declaration,
        cityId: input.cityId ?? null,
        organisationId: input.organisationId ?? null,
        signedOn: input.signedOn ?? null,
        note: input.note ? toTranslationMap(input.note, 'note') : null,
      });
      await em.flush();
      return signatory;
    });
  }

  @Mutation(() => Signatory, { description: 'Removes a signature recorded in error: admins, or the municipality itself.' })
  async removeSignatory(@Arg('id', () => ID) id: string, @Ctx() ctx: HubContext) {
    return ctx.em.transactional(async (em) => {
      const signatory = await getLive(em, Signatory, id);
      can.addSignatory(ctx, signatory);
      markDeleted(signatory);
      await em.flush();
      return signatory;
    });
  }

  @Mutation(() => Recipient, { description: 'Admins add an addressee or a copy recipient.' })
  async addRecipient(@Arg('declarationId', () => ID) declarationId: string, @Arg('input') input: RecipientInput, @Ctx() ctx: HubContext) {
    can.manageDeclarations(ctx, 'add recipients');
    exactlyOneParty(input, 'A recipient');
    return ctx.em.transactional(async (em) => {
      const declaration = await getLive(em, Declaration, declarationId, 'declarationId');
      const recipient = build(em, Recipient, { declaration, cityId: input.cityId ?? null, organisationId: input.organisationId ?? null, role: input.role });
      await em.flush();
      return recipient;
    });
  }

  @Mutation(() => Commitment, { description: 'Admins add a commitment to a declaration.' })
  async addCommitment(@Arg('declarationId', () => ID) declarationId: string, @Arg('input') input: CommitmentInput, @Ctx() ctx: HubContext) {
    can.manageDeclarations(ctx, 'add commitments');
    requireFields(input, ['text']);
    return ctx.em.transactional(async (em) => {
      const declaration = await getLive(em, Declaration, declarationId, 'declarationId');
      const count = await em.count(Commitment, { declaration: declaration.id });
      const commitment = build(em, Commitment, { declaration, position: count + 1, text: {} });
      applyCommitment(commitment, input);
      await em.flush();
      return commitment;
    });
  }

  @Mutation(() => Commitment, { description: 'Admins update a commitment; the municipality that owns it may update its follow-up status.' })
  async updateCommitment(
    @Arg('id', () => ID) id: string,
    @Arg('input') input: CommitmentInput,
    @Ctx() ctx: HubContext,
    @Arg('expectedVersion', () => Int, { nullable: true }) expectedVersion?: number,
  ) {
    requireSignedIn(ctx);
    return ctx.em.transactional(async (em) => {
      const commitment = await getLive(em, Commitment, id);
      const changes = Object.entries(input).filter(([, value]) => value !== undefined).map(([key]) => key);
      can.followUpCommitment(ctx, commitment, changes.every((key) => key === 'followUpStatus'));
      checkVersion(commitment, expectedVersion);
      applyCommitment(commitment, input);
      await em.flush();
      return commitment;
    });
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

function applyCommitment(commitment: Commitment, input: CommitmentInput) {
  if (input.text != null) commitment.text = toTranslationMap(input.text, 'text');
  if (!Object.keys(commitment.text ?? {}).length) throw badInput('A commitment needs a text.', 'text');
  if (input.ownerCityId !== undefined) commitment.ownerCityId = optionalId(input.ownerCityId, 'ownerCityId');
  if (input.ownerOrganisationId !== undefined) commitment.ownerOrganisationId = optionalId(input.ownerOrganisationId, 'ownerOrganisationId');
  if (input.dueDate !== undefined) commitment.dueDate = input.dueDate;
  if (input.followUpStatus != null) commitment.followUpStatus = input.followUpStatus;
}

