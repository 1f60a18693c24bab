import type { PredictionModel } from './prediction-model.js';

/**
 * Wraps a model so that it runs one `predict` call at a time, in arrival order, like a GPU or a
 * single-threaded runtime with a queue in front of it. Both endpoints go through this wrapper, so the
 * batched endpoint can only win by doing more per call, never by running more calls at once.
 *
 * @param model - the model to protect; its `predict` is never entered twice concurrently.
 * @returns a model with the same name and results, whose calls are serialized.
 */
export function oneCallAtATime(model: PredictionModel): PredictionModel {
  let previousCall: Promise<unknown> = Promise.resolve();

  return {
    name: model.name,
    description: model.description,
    predict(featureRows) {
      // Chain on the previous call's settlement (success or failure) so one failed call does not
      // poison the queue behind it.
      const thisCall = previousCall.then(
        () => model.predict(featureRows),
        () => model.predict(featureRows),
      );
      previousCall = thisCall.catch(() => undefined);
      return thisCall;
    },
    async close() {
      await previousCall;
      await model.close();
    },
  };
}
