import { Property } from '@mikro-orm/core';
import { Field } from 'type-graphql';

/**
 * The `illustrative` flag of a record that sample data may invent (README, Sample data): a boolean
 * column, false unless the seed says otherwise, and the same GraphQL field on every such type.
 * `detail` adds what is invented for this type (a reviewer: "not a real person").
 */
export function Illustrative(detail?: string): PropertyDecorator {
  const description = `True for sample data made up to illustrate the source${detail ? ` (${detail})` : ''}, not a fact from it.`;
  return (target, key) => {
    Field(() => Boolean, { description })(target, key);
    Property({ type: 'boolean', default: false })(target, key as string);
  };
}
