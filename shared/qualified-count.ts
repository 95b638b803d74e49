import { Directive, Field, Int, ObjectType } from 'type-graphql';
import { PublicRead } from './cache-control';
import { defineEnum, type EnumValue } from './enums';

export const CountQualifier = defineEnum('CountQualifier', ['EXACT', 'ABOUT', 'AT_LEAST', 'MORE_THAN', 'FEWER_THAN'], {
  description: 'How a source gives a number: exactly, about, at least, more than ("more than 80 countries") or fewer than.',
});
export type CountQualifier = EnumValue<typeof CountQualifier>;

/**
 * A number as a source gives it, with its qualifier: "more than 80" is { value: 80, qualifier: MORE_THAN }.
 * A value type of every subgraph that states such numbers (cities: a city's resident countries;
 * meetings: a declaration's signatories).
 */
@PublicRead()
@Directive('@shareable')
@ObjectType({ description: 'A number as the source gives it: "more than 80" is value 80 with qualifier MORE_THAN.' })
export class QualifiedCount {
  @Field(() => Int)
  value: number;

  @Field(() => CountQualifier)
  qualifier: CountQualifier;

  @Field(() => String, { nullable: true, description: 'Where the number comes from.' })
  source?: string | null;

  @Field(() => Boolean, { description: 'True when the value is a lower bound (AT_LEAST, MORE_THAN): the true number is not lower.' })
  get lowerBound(): boolean {
    return this.qualifier === CountQualifier.AT_LEAST || this.qualifier === CountQualifier.MORE_THAN;
  }
}

/** The QualifiedCount of three columns, or null when the value is unknown. */
export function qualifiedCount(value: number | null | undefined, qualifier: CountQualifier | null | undefined, source?: string | null) {
  if (value == null) return null;
  return Object.assign(new QualifiedCount(), { value, qualifier: qualifier ?? CountQualifier.EXACT, source: source ?? null });
}
