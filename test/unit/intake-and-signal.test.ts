/**
 * The batcher's own plumbing between stages: the intake's one-subscriber subject and the signals (flush, a slot
 * freed) its buffer listens to directly.
 */
import { config } from 'rxjs';
import { Signal, type SignalListener } from '../../operators/internal/signal.js';
import { UnicastSubject } from '../../operators/internal/unicastSubject.js';

describe('UnicastSubject', () => {
  it('takes one subscriber at a time, and another once the first has gone', () => {
    const subject = new UnicastSubject<number>();
    const first: number[] = [];
    const subscription = subject.subscribe((value) => first.push(value));
    const refused: unknown[] = [];
    subject.subscribe({ error: (error: unknown) => refused.push(error) });
    expect(refused).toEqual([new Error('A UnicastSubject takes exactly one subscriber')]);
    subject.next(1);
    subscription.unsubscribe();
    subject.next(2);
    const second: number[] = [];
    subject.subscribe((value) => second.push(value));
    subject.next(3);
    expect([first, second]).toEqual([[1], [3]]);
  });

  it('does not tell a subscriber that has gone that it completed', () => {
    const stopped = jest.fn();
    config.onStoppedNotification = stopped;
    try {
      const subject = new UnicastSubject<number>();
      subject.subscribe().unsubscribe();
      subject.complete();
      expect(stopped).not.toHaveBeenCalled();
    } finally {
      config.onStoppedNotification = null;
    }
  });
});

describe('Signal', () => {
  const listener = (): SignalListener & { heard: Signal[] } => {
    const heard: Signal[] = [];
    return { heard, signalled: (signal) => heard.push(signal) };
  };

  it('tells its one listener which signal it was, until it stops listening', () => {
    const signal = new Signal();
    const one = listener();
    signal.listen(one);
    expect(() => signal.listen(listener())).toThrow('A Signal takes exactly one listener');
    signal.emit();
    signal.stopListening(listener()); // someone else's stop changes nothing
    signal.emit();
    signal.stopListening(one);
    signal.emit();
    expect(one.heard).toEqual([signal, signal]);
  });
});
