import type { EntityManager } from '@mikro-orm/postgresql';
import { build } from '../../shared/entity';
import { stableId } from '../../shared/sample-ids';
import { seededRandom } from '../../shared/random';
import { AgendaItem } from './entities/AgendaItem';
import { AgendaItemKind, FollowUpStatus, MeetingStatus, OutcomeKind, StakeholderType } from './entities/enums';
import { Meeting } from './entities/Meeting';
import { Outcome } from './entities/Outcome';
import { Participant } from './entities/Participant';

export interface SyntheticMeetingsOptions {
  meetings: number;
  seed: number;
  /** Ids of cities, organisations and networks (of the cities subgraph) to refer to. */
  cityIds: string[];
  organisationIds: string[];
  networkIds: string[];
}

const STATUSES = [MeetingStatus.DRAFT, MeetingStatus.PUBLISHED, MeetingStatus.HELD, MeetingStatus.CLOSED, MeetingStatus.CANCELLED];

/**
 * A large, repeatable synthetic data set for benchmarks: meetings (every status; many share a start,
 * so list order falls back on the id), each with a nested agenda, participants and outcomes.
 */
export async function generateMeetings(em: EntityManager, options: SyntheticMeetingsOptions) {
  const random = seededRandom(options.seed);
  for (let i = 0; i < options.meetings; i++) {
    const status = random.pick(STATUSES);
    // few distinct starts (a yearly spring, summer and autumn round), so that many meetings tie on the list order
    const startsAt = new Date(Date.UTC(random.int(2017, 2025), random.pick([2, 5, 10]), 1, 9));
    const meeting = build(em, Meeting, {
      id: stableId('synthetic-meeting', `${options.seed}-${i}`),
      networkId: random.pick(options.networkIds),
      editionNumber: random.int(1, 12),
      title: { en: { text: `Synthetic meeting ${String(i).padStart(6, '0')}` }, tr: { text: `Sentetik toplantı ${i}`, machine: true } },
      startsAt: status === MeetingStatus.DRAFT && random.next() < 0.5 ? null : startsAt,
      timeZone: random.pick(['Europe/Istanbul', 'Europe/Oslo', 'Europe/Stockholm', 'Europe/Brussels']),
      venueCityId: random.pick(options.cityIds),
      organiserIds: [random.pick(options.organisationIds)],
      status,
    });
    const blocks = random.int(1, 4);
    for (let b = 1; b <= blocks; b++) {
      const block = build(em, AgendaItem, {
        meeting,
        rank: b,
        kind: random.pick([AgendaItemKind.OPENING, AgendaItemKind.PANEL, AgendaItemKind.INTERACTIVE_SESSION]),
        title: { en: { text: `Block ${b}` } },
        speakerData: [],
      });
      for (let c = 1; c <= random.int(0, 3); c++) {
        build(em, AgendaItem, {
          meeting,
          parent: block,
          rank: c,
          kind: AgendaItemKind.SPEECH,
          title: { en: { text: `Speech ${b}.${c}` } },
          speakerData: [{ name: `Speaker ${i}-${b}-${c}`, organisationId: random.pick(options.organisationIds) }],
        });
      }
    }
    const cities = new Set(Array.from({ length: random.int(0, 5) }, () => random.pick(options.cityIds)));
    for (const cityId of cities) build(em, Participant, { meeting, cityId, stakeholderType: StakeholderType.MUNICIPALITY });
    if (status === MeetingStatus.HELD || status === MeetingStatus.CLOSED) {
      for (let o = random.int(1, 3); o > 0; o--) {
        build(em, Outcome, {
          meeting,
          kind: random.pick(Object.values(OutcomeKind)),
          text: { en: { text: `Outcome ${o} of meeting ${i}` } },
          followUpStatus: random.pick(Object.values(FollowUpStatus)),
          fundingActivityIds: [],
        });
      }
    }
    if (i % 200 === 199) {
      await em.flush();
      em.clear();
    }
  }
  await em.flush();
  em.clear();
}
