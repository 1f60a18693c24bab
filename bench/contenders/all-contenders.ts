import { batshitContender } from './batshit.js';
import { bufferCountStreamFloorContender } from './buffer-count-stream-floor.js';
import type { Contender } from './contender.js';
import { dataloaderContender } from './dataloader.js';
import { handWrittenFloorContender } from './hand-written-floor.js';
import { naiveRxjsContender } from './naive-rxjs.js';
import { rxBatcherContender } from './rx-batcher.js';

/** The name every ratio in the report is taken against. */
export const baselineContenderName = dataloaderContender.name;

/** Whose targets the report checks. */
export const ourContenderName = rxBatcherContender.name;

/** What the stream target is measured against. */
export const streamFloorContenderName = bufferCountStreamFloorContender.name;

/** Everyone in the race, in table order; the runner rotates the running order every round. */
export const allContenders: readonly Contender[] = [
  rxBatcherContender,
  dataloaderContender,
  batshitContender,
  naiveRxjsContender,
  handWrittenFloorContender,
  bufferCountStreamFloorContender,
];
