/** How the results table and the chart name one endpoint. */
export interface EndpointNames {
  /** The column heading in the table, e.g. `/predict`. */
  path: string;
  /** The chart's legend entry: the path and what it does, e.g. `/predict (one model call per request)`. */
  legend: string;
}

/** The two endpoints a demo compares under the same load. */
export interface ComparedEndpoints {
  plain: EndpointNames;
  batched: EndpointNames;
}
