import { mean, median, percentile } from '../harness/statistics.js';
import type { Metric } from './benchmark-case.js';

const wholeNumber = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** Requests (or items) per second; the median of the rounds. */
export function throughputMetric(key: string, label: string): Metric {
  return { key, label, better: 'higher', sampleKey: key, summarize: median, format: (value) => wholeNumber.format(value) };
}

/** Bytes of heap; the median of the rounds. */
export function bytesMetric(key: string, label: string): Metric {
  return { key, label, better: 'lower', sampleKey: key, summarize: median, format: (value) => wholeNumber.format(value) };
}

/** A count (of batch calls, say); the median of the rounds. */
export function countMetric(key: string, label: string, better: 'higher' | 'lower'): Metric {
  return { key, label, better, sampleKey: key, summarize: median, format: (value) => wholeNumber.format(value) };
}

/** A percentile of milliseconds pooled over every round (p0 is the minimum, p100 the maximum). */
export function millisecondsPercentileMetric(sampleKey: string, percent: number, label: string): Metric {
  return {
    key: `${sampleKey}P${percent}`,
    label,
    better: 'lower',
    sampleKey,
    summarize: (samples) => percentile(samples, percent),
    format: (value) => value.toFixed(3),
  };
}

/** The share of samples that are 1 rather than 0, as a percentage. */
export function shareMetric(sampleKey: string, label: string, better: 'higher' | 'lower'): Metric {
  return {
    key: sampleKey,
    label,
    better,
    sampleKey,
    summarize: (samples) => 100 * mean(samples),
    format: (value) => `${value.toFixed(0)}%`,
  };
}

/** The average of the samples, shown with two decimals. */
export function meanMetric(sampleKey: string, label: string, better: 'higher' | 'lower'): Metric {
  return { key: sampleKey, label, better, sampleKey, summarize: mean, format: (value) => value.toFixed(2) };
}
