import type { EntityManager } from '@mikro-orm/postgresql';
import type { Identity } from './identity';
import type { Locale } from './locale';
import { Loaders } from './loaders';

/** What every resolver gets: its own EntityManager fork, the request's loaders, the caller and the locale. */
export interface HubContext {
  em: EntityManager;
  loaders: Loaders;
  identity: Identity;
  locale: Locale;
}

export function createContext(em: EntityManager, identity: Identity, locale: Locale): HubContext {
  return { em, loaders: new Loaders(em), identity, locale };
}
