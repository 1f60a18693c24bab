/**
 * What both endpoints call: one call scores a whole batch of feature vectors.
 * The plain endpoint always passes a batch of one; the batched endpoint passes what the batcher gathered.
 */
export interface PredictionModel {
  /** Short name used in logs, result files and chart titles, e.g. `real` or `seed`. */
  readonly name: string;
  /** One line saying what the model is, for the printed report. */
  readonly description: string;
  /**
   * Scores each feature vector; the result has the same length and order as the input.
   * @param featureRows - each row holds exactly `FEATURE_COUNT` floats.
   */
  predict(featureRows: readonly Float32Array[]): Promise<number[]>;
  /** Frees what the model holds (an ONNX session, timers); later `predict` calls are a programming error. */
  close(): Promise<void>;
}

/** The models `run.ts --model` can select. */
export type ModelKind = 'real' | 'seed';
