import { LocalDateResolver } from 'graphql-scalars';

/** A calendar date without time (YYYY-MM-DD), as meetings, memberships and ledgers record them. */
export const LocalDate = LocalDateResolver;
