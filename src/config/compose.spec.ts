import { readFileSync } from 'node:fs';
import path from 'node:path';

describe('docker-compose.yml', () => {
  const compose = readFileSync(path.join(__dirname, '..', '..', 'docker-compose.yml'), 'utf8');

  it("publishes the service on the host's loopback by default, so X-Forwarded-For comes only from a local proxy", () => {
    const published = [...compose.matchAll(/^\s+- '([^']*):3000'$/gm)].map((match) => match[1]);
    expect(published).toEqual(['${APP_ADDRESS:-127.0.0.1}:3000']);
  });

  it('trusts no proxy unless told to', () => {
    expect(compose).toMatch(/^\s+TRUST_PROXY: \$\{TRUST_PROXY:-false\}$/m);
  });
});
