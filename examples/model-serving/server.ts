import Fastify, { type FastifyReply } from 'fastify';
import { createBatcher } from '../../src/index.js';
import { batchingService, parseOrReply400, replyToBatcherRefusal, type BatchingService } from './http-service.js';
import { oneCallAtATime } from './one-call-at-a-time.js';
import { InvalidFeaturesError, parseFeatures } from './parse-features.js';
import type { PredictionModel } from './prediction-model.js';

/** How `/optimized_predict` groups requests. Concurrency is always 1: the model serves one call at a time. */
export interface ServerBatchingOptions {
  /** The most requests in one model call. */
  maxSize: number;
  /**
   * The longest the first request of a batch waits, in milliseconds, while the model is free. A backstop
   * only: a request that finds the model idle is flushed at once, and one that arrives while it is busy
   * goes out when its call ends.
   */
  maxDelayMs: number;
  /** The most requests waiting for the model; past it the endpoint answers 503 with `Retry-After`. */
  maxQueueSize: number;
}

export interface ModelServerOptions {
  /** The model both endpoints call. The caller owns it and closes it after `server.close()`. */
  model: PredictionModel;
  batching: ServerBatchingOptions;
}

/** The model server: `/optimized_predict` is the batched endpoint. */
export type ModelServer = BatchingService;

/**
 * An HTTP server with `POST /predict` (one model call per request) and `POST /optimized_predict`
 * (the same model behind `createBatcher`). Both take `{ "features": [10 numbers] }` and answer
 * `{ "prediction": number }`.
 *
 * Both endpoints share one model wrapped by `oneCallAtATime`, and the batcher runs with concurrency 1:
 * batching can only win by doing more per call, never by running more calls at once.
 *
 * Batches are cut when the model can take one (Triton's dynamic-batching policy): at once if it is
 * idle (the handler flushes), else with everything that arrived while it worked, as soon as its call
 * ends (the batcher does this itself with `concurrency: 1`); `maxSize` caps a batch. So a lone request
 * is not delayed, and under load each call takes all the work that is waiting.
 */
export function createServer({ model, batching }: ModelServerOptions): ModelServer {
  const servedModel = oneCallAtATime(model);
  // While the model is busy the batcher keeps gathering requests, and sends them the moment its call ends.
  const batcher = createBatcher<Float32Array, number>((featureRows) => servedModel.predict(featureRows), {
    maxSize: batching.maxSize,
    maxDelayMs: batching.maxDelayMs,
    maxQueueSize: batching.maxQueueSize,
    concurrency: 1,
  });
  const app = Fastify({ logger: false });

  app.post('/predict', async (request, reply) => {
    const features = readFeaturesOrReject(request.body, reply);
    if (features === undefined) return reply;
    const [prediction] = await servedModel.predict([features]);
    return { prediction };
  });

  app.post('/optimized_predict', async (request, reply) => {
    const features = readFeaturesOrReject(request.body, reply);
    if (features === undefined) return reply;
    try {
      const prediction = batcher.submit(features);
      // The model is idle, so waiting for company would only leave it idle longer: send what is
      // queued now. While it is busy, the batcher gathers requests until its call ends.
      if (batcher.stats.inFlight === 0) batcher.flush();
      return { prediction: await prediction };
    } catch (error) {
      return replyToBatcherRefusal(error, reply);
    }
  });

  return batchingService(app, batcher);
}

function readFeaturesOrReject(body: unknown, reply: FastifyReply): Float32Array | undefined {
  return parseOrReply400(body, reply, parseFeatures, (error) => error instanceof InvalidFeaturesError);
}
