import type { ReferenceResolver } from '../../shared/subgraph';
import { loaders } from './loaders';

/** How the gateway fetches this subgraph's entities by key: batched, one query per type and request. */
export const references: Record<string, ReferenceResolver> = {
  City: (reference, ctx) => loaders(ctx).city.load(reference.id),
  Organisation: (reference, ctx) => loaders(ctx).organisation.load(reference.id),
  Network: (reference, ctx) => loaders(ctx).network.load(reference.id),
};
