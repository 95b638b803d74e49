import { Field, Int, ObjectType } from 'type-graphql';
import { CountQualifier } from './enums';
import { PublicRead } from '../../../shared/cache-control';

/** A number as a source gives it, with its qualifier: "more than 80" is { value: 80, qualifier: MORE_THAN }. */
@PublicRead()
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
