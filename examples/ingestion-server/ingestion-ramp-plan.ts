import { MAX_OFFERED_RATE, type RampPlan } from '../model-serving/ramp-plan.js';

/**
 * Offered events per second. One `INSERT` per request commits once per event: a few hundred a second on a disk
 * that syncs each commit (SQLite here), a few thousand on a server with durability off, so the low steps are
 * dense; the high ones reach towards what one load-generating process can offer on this machine, and past them
 * the ramp continues while the batched endpoint holds.
 */
export const INGESTION_RAMP: RampPlan = {
  offeredRates: [50, 100, 200, 400, 800, 1600, 2400, 3200, 4800, 6400, 8000, 9600],
  stepSeconds: 3,
  maxOfferedRate: MAX_OFFERED_RATE,
};
