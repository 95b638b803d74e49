import type { HubContext } from '../../shared/context';
import { requireAdmin, requireRule, holds } from '../../shared/permissions';

/** Who may change what in the cities subgraph. Everything here is public to read. */
export const can = {
  /** Networks, memberships, organisations, creating and deleting cities: the secretariat. */
  manage: (ctx: HubContext, action: string) => requireAdmin(ctx, action),

  /** A municipality edits its own city's profile and settlement figures, and nothing else. */
  editCity: (ctx: HubContext, cityId: string) =>
    requireRule(
      ctx,
      (identity) => holds(identity, 'municipality') && identity.cityId === cityId,
      'A municipality may edit only its own city.',
    ),
};
