import { appendFileSync } from 'node:fs';
import { answersChecked, takeViolations } from './utils/openapi-contract';

// Every answer a test receives from the API must match the OpenAPI document (test/utils/openapi-contract.ts).
let atStart = 0;
beforeAll(() => {
  atStart = answersChecked();
});

afterEach(() => {
  const violations = takeViolations();
  if (violations.length > 0) {
    throw new Error(
      'Answers that disagree with the OpenAPI document:\n' +
        violations.map((v) => `  ${v.request} → ${v.status}: ${v.problem}`).join('\n'),
    );
  }
});

afterAll(() => {
  if (process.env.TEST_CONTRACT_COUNT_FILE) {
    appendFileSync(process.env.TEST_CONTRACT_COUNT_FILE, `${answersChecked() - atStart}\n`);
  }
});
