import type { ConfigService } from '@nestjs/config';
import type { AppConfig } from '../config/config';
import { HeavyWork } from './heavy-work';
import { ProblemException } from './errors';

const settings = (values: Partial<Record<keyof AppConfig, number>>) =>
  ({
    get: (key: keyof AppConfig) => values[key] ?? 1,
  }) as unknown as ConfigService<AppConfig, true>;

const bounds = (limit: number, queue: number) =>
  settings({ IMPORT_CONCURRENCY: limit, IMPORT_QUEUE: queue, PDF_CONCURRENCY: limit, PDF_QUEUE: queue });

/** A piece of work that ends when the test says so. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, work: () => opened.then(() => 'done') };
}

/** Lets every pending promise callback run. */
const settled = () => new Promise((resolve) => setImmediate(resolve));

const refusalOf = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected a refusal');
    },
    (error: unknown) => error as ProblemException,
  );

describe('HeavyWork', () => {
  it('runs up to the limit at once, queues the next ones in order, and refuses beyond the queue (503)', async () => {
    const heavy = new HeavyWork(bounds(1, 1));
    const first = gate();
    const second = gate();
    const order: string[] = [];
    const running = heavy.run('import', first.work).then(() => order.push('first'));
    const queued = heavy.run('import', second.work).then(() => order.push('second'));
    const refused = await refusalOf(heavy.run('import', () => Promise.resolve('third')));
    expect(refused).toBeInstanceOf(ProblemException);
    expect(refused.getStatus()).toBe(503);
    expect(refused.headers).toEqual({ 'Retry-After': '10' });
    expect(refused.message).toMatch(/Too many imports/);
    second.open();
    first.open();
    await Promise.all([running, queued]);
    expect(order).toEqual(['first', 'second']);
    // Both slots are free again.
    await expect(heavy.run('import', () => Promise.resolve('again'))).resolves.toBe('again');
  });

  it('bounds each kind on its own, with its own Retry-After and words', async () => {
    const heavy = new HeavyWork(bounds(1, 0));
    const importing = gate();
    const drawing = gate();
    const imported = heavy.run('import', importing.work);
    const drawn = heavy.run('pdf', drawing.work);
    await settled();
    expect(heavy.load('import')).toEqual({ running: 1, waiting: 0 });
    expect(heavy.load('pdf')).toEqual({ running: 1, waiting: 0 });
    const pdfRefusal = await refusalOf(heavy.run('pdf', () => Promise.resolve('another pdf')));
    expect(pdfRefusal.getStatus()).toBe(503);
    expect(pdfRefusal.headers).toEqual({ 'Retry-After': '2' });
    expect(pdfRefusal.message).toMatch(/Too many PDFs/);
    const importRefusal = await refusalOf(heavy.run('import', () => Promise.resolve('another import')));
    expect(importRefusal.headers).toEqual({ 'Retry-After': '10' });
    // The PDF's turn ends; imports are still full, PDFs are not.
    drawing.open();
    await drawn;
    await settled();
    await expect(heavy.run('pdf', () => Promise.resolve('next pdf'))).resolves.toBe('next pdf');
    await refusalOf(heavy.run('import', () => Promise.resolve('still full')));
    importing.open();
    await expect(imported).resolves.toBe('done');
  });

  it('takes its limit and queue from the settings of each kind', async () => {
    const heavy = new HeavyWork(
      settings({ IMPORT_CONCURRENCY: 1, IMPORT_QUEUE: 0, PDF_CONCURRENCY: 2, PDF_QUEUE: 1 }),
    );
    const gates = [gate(), gate(), gate()];
    const pdfs = gates.map((g) => heavy.run('pdf', g.work));
    await settled();
    expect(heavy.load('pdf')).toEqual({ running: 2, waiting: 1 });
    expect((await refusalOf(heavy.run('pdf', () => Promise.resolve('fourth')))).getStatus()).toBe(503);
    for (const g of gates) g.open();
    await expect(Promise.all(pdfs)).resolves.toEqual(['done', 'done', 'done']);
    await settled();
    expect(heavy.load('pdf')).toEqual({ running: 0, waiting: 0 });
  });

  it('counts work that was queued in the same tick, before any of it started', async () => {
    const heavy = new HeavyWork(bounds(2, 1));
    const gates = [gate(), gate(), gate()];
    const letIn = gates.map((g) => heavy.run('pdf', g.work));
    // No microtask has run: nothing started yet, and still the fourth is one too many.
    expect((await refusalOf(heavy.run('pdf', () => Promise.resolve('fourth')))).getStatus()).toBe(503);
    for (const g of gates) g.open();
    await Promise.all(letIn);
  });

  it('frees the slot when the work fails', async () => {
    const heavy = new HeavyWork(bounds(1, 0));
    await expect(heavy.run('pdf', () => Promise.reject(new Error('bad file')))).rejects.toThrow('bad file');
    await expect(heavy.run('pdf', () => Promise.resolve('next'))).resolves.toBe('next');
  });

  it('frees the slot when the work throws before it returns a promise', async () => {
    const heavy = new HeavyWork(bounds(1, 0));
    const throwing = () => {
      throw new Error('no font');
    };
    await expect(heavy.run('pdf', throwing)).rejects.toThrow('no font');
    await expect(heavy.run('pdf', () => Promise.resolve('next'))).resolves.toBe('next');
  });
});
