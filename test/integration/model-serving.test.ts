import { SERVING_MLP_SPEC } from '../../examples/model-serving/mlp-onnx-file.js';
import { createOnnxMlpModel } from '../../examples/model-serving/onnx-mlp-model.js';
import type { PredictionModel } from '../../examples/model-serving/prediction-model.js';
import { seededFeatureRows } from '../../examples/model-serving/request-bodies.js';
import { createSeedCostModel } from '../../examples/model-serving/seed-cost-model.js';
import { createServer, type ModelServer } from '../../examples/model-serving/server.js';
import { postJson } from '../support/postJson.js';

type PredictionAnswer = { prediction?: number; message?: string };

const postAnswer = (url: string, body: string) => postJson<PredictionAnswer>(url, body);

const featuresBody = (features: number[]) => JSON.stringify({ features });

/** Waits for a condition the server reaches on its own (requests arriving); no fixed sleep. */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setImmediate(resolve));
}

/**
 * Holds every model call until `open()`, and records the size of each call, so a test can fill the
 * queue, or make batches form, deterministically.
 */
function gated(model: PredictionModel) {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  const callSizes: number[] = [];
  const gatedModel: PredictionModel = {
    name: model.name,
    description: model.description,
    async predict(featureRows) {
      callSizes.push(featureRows.length);
      await opened;
      return model.predict(featureRows);
    },
    close: () => model.close(),
  };
  return { model: gatedModel, open, callSizes };
}

async function unbatchedPredictions(model: PredictionModel, rows: number[][]): Promise<number[]> {
  const predictions: number[] = [];
  for (const row of rows) predictions.push((await model.predict([Float32Array.from(row)]))[0]);
  return predictions;
}

describe.each([
  ['seed cost model', async () => createSeedCostModel()],
  ['real ONNX MLP', async () => createOnnxMlpModel(SERVING_MLP_SPEC)],
])('model-serving example with the %s', (_name, loadModel) => {
  let model: PredictionModel;
  let server: ModelServer | undefined;

  beforeAll(async () => {
    model = await loadModel();
  });
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });
  afterAll(async () => {
    await model.close();
  });

  test('both endpoints answer concurrent requests exactly as the model does unbatched', async () => {
    const requestCount = 100;
    const rows = seededFeatureRows(requestCount, 11);
    const expected = await unbatchedPredictions(model, rows);
    const gate = gated(model);
    // No timer cuts a batch here (the backstop is a minute away), so the batch sizes are the same on
    // every run: the first request finds the model idle and goes alone; the other 99 gather while the
    // gate holds that call, six batches cut by count, the last three by the flush when the call ends.
    server = createServer({ model: gate.model, batching: { maxSize: 16, maxDelayMs: 60_000, maxQueueSize: 1_000 } });
    const url = await server.listen(0);
    const liveServer = server;

    const plainAnswers = Promise.all(rows.map((row) => postAnswer(`${url}/predict`, featuresBody(row))));
    const batchedAnswers = Promise.all(rows.map((row) => postAnswer(`${url}/optimized_predict`, featuresBody(row))));
    await until(() => liveServer.batcherStats.submitted === requestCount);
    gate.open();

    const answers = [...(await plainAnswers), ...(await batchedAnswers)];
    expect(answers.map((answer) => answer.status)).toEqual(Array(2 * requestCount).fill(200));
    expect(answers.map((answer) => answer.body.prediction)).toEqual([...expected, ...expected]);
    // The batched answers really came from batches; the plain endpoint made one call per request.
    expect(gate.callSizes.filter((size) => size > 1).sort((a, b) => b - a)).toEqual([16, 16, 16, 16, 16, 16, 3]);
    expect(gate.callSizes).toHaveLength(requestCount + 1 + 7);
  });

  test.each(['/predict', '/optimized_predict'])('%s answers a bad body with 400 and a message saying what is wrong', async (path) => {
    server = createServer({ model, batching: { maxSize: 16, maxDelayMs: 1, maxQueueSize: 10 } });
    const url = `${await server.listen(0)}${path}`;
    const expectedShape = 'Expected a JSON body `{ "features": [10 numbers] }`';

    const cases: Array<[string, string]> = [
      ['[1, 2, 3]', `${expectedShape}, got an array of 3 items`],
      ['{"values": []}', `${expectedShape}; \`features\` is missing`],
      [featuresBody([1, 2, 3]), `${expectedShape}; \`features\` has 3 items`],
      ['{"features": [1, 2, 3, 4, 5, 6, 7, 8, 9, "10"]}', `${expectedShape}; \`features[9]\` is \`"10"\` (string), not a number within float32 range`],
      ['{"features": [1, 2, 3, 4, 5, 6, 7, 8, 9, 1e39]}', `${expectedShape}; \`features[9]\` is \`1e+39\` (number), not a number within float32 range`],
    ];
    for (const [body, message] of cases) {
      const answer = await postAnswer(url, body);
      expect({ status: answer.status, message: answer.body.message }).toEqual({ status: 400, message });
    }
    const malformed = await postAnswer(url, '{"features": [1, 2');
    expect(malformed.status).toBe(400);
    expect(malformed.body.message).toMatch(/JSON/);
  });

  test('a full queue gets 503 with Retry-After at once, and the queued requests are still answered', async () => {
    const rows = seededFeatureRows(4, 12);
    const expected = await unbatchedPredictions(model, rows.slice(0, 3));
    const gate = gated(model);
    server = createServer({ model: gate.model, batching: { maxSize: 1, maxDelayMs: 0, maxQueueSize: 2 } });
    const url = `${await server.listen(0)}/optimized_predict`;
    const liveServer = server;

    // The first request is in the (held) model; the next two fill the queue.
    const first = postAnswer(url, featuresBody(rows[0]));
    await until(() => liveServer.batcherStats.inFlight === 1);
    const queued = [postAnswer(url, featuresBody(rows[1])), postAnswer(url, featuresBody(rows[2]))];
    await until(() => liveServer.batcherStats.queued === 2);

    const refused = await postAnswer(url, featuresBody(rows[3]));
    expect(refused).toEqual({
      status: 503,
      retryAfter: '1',
      body: {
        statusCode: 503,
        error: 'Service Unavailable',
        message: 'The queue is full: `maxQueueSize` (2) requests are already waiting for dispatch. ' +
          "Raise `maxQueueSize`, pass `onQueueFull: 'wait'` to make `submit` wait for room, or shed the load (answer 503)",
      },
    });

    gate.open();
    const answers = await Promise.all([first, ...queued]);
    expect(answers.map((answer) => [answer.status, answer.body.prediction])).toEqual(expected.map((prediction) => [200, prediction]));
  });

  test('close() answers every queued request before it resolves, then refuses connections', async () => {
    const rows = seededFeatureRows(3, 13);
    const expected = await unbatchedPredictions(model, rows);
    const gate = gated(model);
    // Without close(), the two queued requests would wait a minute for the backstop timer.
    server = createServer({ model: gate.model, batching: { maxSize: 100, maxDelayMs: 60_000, maxQueueSize: 100 } });
    const url = `${await server.listen(0)}/optimized_predict`;
    const liveServer = server;
    const first = postAnswer(url, featuresBody(rows[0]));
    await until(() => liveServer.batcherStats.inFlight === 1);
    const queued = rows.slice(1).map((row) => postAnswer(url, featuresBody(row)));
    await until(() => liveServer.batcherStats.queued === 2);

    const closing = server.close();
    server = undefined;
    gate.open();
    await closing;

    const answers = await Promise.all([first, ...queued]);
    expect(answers.map((answer) => [answer.status, answer.body.prediction])).toEqual(expected.map((prediction) => [200, prediction]));
    expect(liveServer.batcherStats).toMatchObject({ queued: 0, inFlight: 0, submitted: 3, resolved: 3, batches: 2 });
    await expect(postAnswer(url, featuresBody(rows[0]))).rejects.toThrow(/ECONNREFUSED/);
  });
});
