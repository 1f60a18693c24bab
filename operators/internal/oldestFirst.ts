/** Something queued with the arrival number of its oldest value. */
export interface Aged {
  readonly firstArrival: number;
}

/**
 * A queue that hands out the entry whose oldest value arrived first: batches from many partitions wait here for
 * a free slot, and the one holding the oldest request goes next. A binary heap, since batches become ready out
 * of arrival order (a partition's timer fires while another partition's batch is full). Entries pushed in
 * arrival order — the only order one partition produces — cost one comparison each.
 */
export class OldestFirst<T extends Aged> {
  private readonly heap: T[] = [];

  get isEmpty(): boolean {
    return this.heap.length === 0;
  }

  push(entry: T): void {
    const { heap } = this;
    let index = heap.push(entry) - 1;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (heap[parent].firstArrival <= entry.firstArrival) break;
      heap[index] = heap[parent];
      index = parent;
    }
    heap[index] = entry;
  }

  /** Takes the entry whose oldest value arrived first; `undefined` when empty. */
  shift(): T | undefined {
    const { heap } = this;
    const first = heap[0];
    const last = heap.pop();
    if (heap.length > 0 && last !== undefined) this.siftDown(last);
    return first;
  }

  clear(): void {
    this.heap.length = 0;
  }

  private siftDown(entry: T): void {
    const { heap } = this;
    const { length } = heap;
    let index = 0;
    for (;;) {
      let child = 2 * index + 1;
      if (child >= length) break;
      if (child + 1 < length && heap[child + 1].firstArrival < heap[child].firstArrival) child++;
      if (heap[child].firstArrival >= entry.firstArrival) break;
      heap[index] = heap[child];
      index = child;
    }
    heap[index] = entry;
  }
}
