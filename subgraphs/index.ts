import type { SubgraphDefinition } from '../shared/subgraph';
import { cities } from './cities';
import { funding } from './funding';
import { meetings } from './meetings';
import { peerReviews } from './peer-reviews';

/** Every subgraph of the hub, in the order `npm start` starts them. */
export const SUBGRAPHS: SubgraphDefinition[] = [cities, meetings, funding, peerReviews];
