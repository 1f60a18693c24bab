// The soak (bench/soak) is only as good as its bookkeeping: these cases show the ledger reports each way a
// request can go wrong, so a PASS from `npm run soak` means something.
import { SettlementLedger } from '../../bench/soak/settlement-ledger.js';

describe('the soak settlement ledger', () => {
  it('finds nothing wrong when every request settled once as decided', () => {
    const ledger = new SettlementLedger(2);
    ledger.markDispatched(0);
    ledger.markDispatched(1);
    ledger.decide(0, 'resolved');
    ledger.decide(1, 'batch-throw');
    ledger.settle(0, 'resolved');
    ledger.settle(1, 'batch-throw');
    expect(ledger.verify()).toEqual([]);
    expect(ledger.tally).toMatchObject({ resolved: 1, 'batch-throw': 1 });
  });

  it('reports a request that never settled', () => {
    const ledger = new SettlementLedger(3);
    ledger.markDispatched(1);
    ledger.decide(1, 'resolved');
    ledger.markDispatched(0);
    ledger.decide(0, 'resolved');
    ledger.settle(0, 'resolved');
    expect(ledger.verify()).toEqual(['2 request(s) never settled, e.g. #1; #2']);
  });

  it('reports a request settled twice, or handed to the batch function twice', () => {
    const ledger = new SettlementLedger(1);
    ledger.markDispatched(0);
    ledger.markDispatched(0);
    ledger.decide(0, 'resolved');
    ledger.settle(0, 'resolved');
    ledger.settle(0, 'resolved');
    expect(ledger.verify()).toEqual([
      '1 request(s) settled more than once, e.g. #0',
      '1 request(s) handed to the batch function more than once, e.g. #0',
    ]);
  });

  it('reports an outcome other than the one the batch function decided, and wrong answers', () => {
    const ledger = new SettlementLedger(3);
    for (const id of [0, 1]) ledger.markDispatched(id);
    ledger.decide(0, 'item-error');
    ledger.decide(1, 'resolved');
    ledger.settle(0, 'resolved');
    ledger.settle(1, 'wrong-answer', 'resolved with 7');
    ledger.settle(2, 'batch-rejection');
    expect(ledger.verify()).toEqual([
      '1 request(s) resolved although the batch function decided item-error, e.g. #0',
      '1 request(s) wrong-answer, e.g. #1 (resolved with 7)',
      '1 request(s) batch-rejection without ever reaching the batch function, e.g. #2',
    ]);
  });

  it('reports an abort nobody asked for, and a request dispatched after it was withdrawn while queued', () => {
    const ledger = new SettlementLedger(2);
    ledger.settle(0, 'aborted');
    ledger.markAborted(1);
    ledger.settle(1, 'aborted');
    ledger.markDispatched(1);
    expect(ledger.verify()).toEqual([
      '1 request(s) rejected with an abort nobody asked for, e.g. #0',
      '1 request(s) handed to the batch function after being aborted while queued, e.g. #1',
    ]);
  });
});
