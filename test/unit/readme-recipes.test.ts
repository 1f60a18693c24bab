import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TestScheduler } from 'rxjs/testing';
import { createBatcher } from '../../src/index.js';

const root = join(__dirname, '..', '..');
const recipeFiles = ['test/unit/readme-recipe-fake-timers.test.ts', 'test/unit/readme-recipe-test-scheduler.test.ts'];

/** The `ts` code blocks of the README's testing section, in order. */
function readmeTestingBlocks(): string[] {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const start = readme.indexOf('\n## Testing code that uses rx-batcher\n');
  expect(start).toBeGreaterThan(-1);
  const end = readme.indexOf('\n## ', start + 1);
  const section = readme.slice(start, end === -1 ? undefined : end);
  return [...section.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1]);
}

/** A recipe file as the README shows it: without its header comment, importing the package by name. */
function asInReadme(path: string): string {
  const source = readFileSync(join(root, path), 'utf8');
  const body = source.slice(source.indexOf('\n\n') + 2);
  return body.replaceAll("'../../src/index.js'", "'rx-batcher'");
}

/** The `ts` code blocks of the README's recipes section, in order. */
function readmeRecipeBlocks(): string[] {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const start = readme.indexOf('\n## Recipes\n');
  expect(start).toBeGreaterThan(-1);
  const end = readme.indexOf('\n## ', start + 1);
  return [...readme.slice(start, end === -1 ? undefined : end).matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1]);
}

describe('the README’s batching recipes', () => {
  it('are the code of the recipe tests (SQS-style, DynamoDB-style)', () => {
    expect(readmeRecipeBlocks()).toEqual(['test/unit/readme-recipe-sqs.test.ts', 'test/unit/readme-recipe-dynamodb.test.ts'].map(asInReadme));
  });
});

describe('the README’s testing recipes', () => {
  it('are the code of the recipe tests, so they cannot drift from code that passes', () => {
    expect(readmeTestingBlocks()).toEqual(recipeFiles.map(asInReadme));
  });

  // What the README says about promises under TestScheduler, so the advice stays true.
  it('a promise-returning batch function answers after TestScheduler.run() has returned', async () => {
    const testScheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
    const seen: string[] = [];
    const answer = testScheduler.run(({ flush }) => {
      const users = createBatcher(async (ids: number[]) => ids.map((id) => `user ${id}`), { maxSize: 100, maxDelayMs: 50 });
      users.submit$(1).subscribe((user) => seen.push(user));
      const promised = users.submit(2);
      flush();
      expect(seen).toEqual([]);
      return promised;
    });
    await expect(answer).resolves.toBe('user 2');
    expect(seen).toEqual(['user 1']);
  });
});
