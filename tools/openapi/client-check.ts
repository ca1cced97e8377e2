// A third-party client of the service, written as an integrator would: types generated from the service's
// OpenAPI document by openapi-typescript, calls made with openapi-fetch. `npm run api:lint` type-checks it;
// a document that disagrees with how clients use the API (a missing page envelope, a query parameter, a
// nullable field written as never null) makes it fail to compile.
import createClient from 'openapi-fetch';
import type { paths } from './generated/api';

export async function walkThroughTheApi(baseUrl: string, email: string, password: string): Promise<string[]> {
  const api = createClient<paths>({ baseUrl });
  const seen: string[] = [];

  // health
  const live = await api.GET('/health');
  seen.push(`health ${live.response.status}`);

  // auth
  const login = await api.POST('/api/v1/auth/login', { body: { email, password } });
  if (!login.data) throw new Error(`sign-in refused: ${login.error?.detail}`);
  const token: string = login.data.accessToken;
  const headers = { Authorization: `Bearer ${token}` };
  const me = await api.GET('/api/v1/auth/me', { headers });
  seen.push(`signed in as ${me.data?.name} (${me.data?.roles.join(', ')})`);

  // users: the people staff assign
  const trainers = await api.GET('/api/v1/users', {
    headers,
    params: { query: { role: 'trainer', limit: 20 } },
  });
  const trainerIds = (trainers.data?.items ?? []).map((user) => user.id);
  seen.push(`${trainers.data?.total ?? 0} trainers`);

  // reference
  const provinces = await api.GET('/api/v1/reference/provinces', { headers });
  const province = provinces.data?.items[0]?.code ?? 'LA-VT';
  const criteria = await api.GET('/api/v1/reference/criteria', {
    headers,
    params: { query: { limit: 100 } },
  });
  seen.push(`${criteria.data?.total ?? 0} criteria`);

  // agencies: the page envelope, filters and a nullable stage
  const page = await api.GET('/api/v1/agencies', {
    headers,
    params: { query: { q: 'ຈັດຫາງານ', province, limit: 20, offset: 0, sort: '-licenceExpiresOn' } },
  });
  const first = page.data?.items[0];
  const stage: string | null = first?.certificationStage ?? null;
  seen.push(`${page.data?.total ?? 0} agencies; first stage ${stage ?? 'none'}, limit ${page.data?.limit}`);
  if (first) {
    const agency = await api.GET('/api/v1/agencies/{id}', { headers, params: { path: { id: first.id } } });
    const phone: string | null = agency.data?.phone ?? null;
    seen.push(`agency ${agency.data?.licenceNumber} phone ${phone ?? '-'}`);
    await api.GET('/api/v1/agencies/{id}/licence-status-changes', {
      headers,
      params: { path: { id: first.id } },
    });
  }

  // trainings
  const trainings = await api.GET('/api/v1/trainings', { headers, params: { query: { limit: 5 } } });
  const training = trainings.data?.items[0];
  if (training) {
    const summary = await api.GET('/api/v1/trainings/{id}/summary', {
      headers,
      params: { path: { id: training.id } },
    });
    seen.push(`training: ${summary.data?.label}`);
  }
  if (trainerIds.length > 0 && first) {
    await api.POST('/api/v1/trainings', {
      headers,
      body: {
        title: 'IRIS refresher',
        venue: 'Vientiane',
        province,
        organiser: 'IOM',
        days: ['2027-01-12'],
        trainerIds,
      },
    });
  }

  // certification: cases, their moves, nullable history actors
  const cases = await api.GET('/api/v1/certifications', {
    headers,
    params: { query: { needsAttention: true } },
  });
  const someCase = cases.data?.items[0];
  if (someCase) {
    const moved = someCase.history.map((move) => move.by?.name ?? 'the service');
    const moves = await api.GET('/api/v1/certifications/{id}/moves', {
      headers,
      params: { path: { id: someCase.id } },
    });
    seen.push(
      `case history by ${moved.join(', ')}; ${moves.data?.items.filter((m) => m.allowed).length} moves allowed`,
    );
    await api.GET('/api/v1/certifications/{id}/audits', { headers, params: { path: { id: someCase.id } } });
  }

  // certificates
  const certificates = await api.GET('/api/v1/certificates', {
    headers,
    params: { query: { status: 'valid' } },
  });
  const number = certificates.data?.items[0]?.number;
  if (number) {
    const certificate = await api.GET('/api/v1/certificates/{number}', {
      headers,
      params: { path: { number } },
    });
    seen.push(`certificate ${certificate.data?.number} signature ${certificate.data?.signatureValid}`);
  }

  // public: no token
  const registry = await api.GET('/api/v1/public/agencies', {
    params: { query: { certified: true, limit: 10 } },
  });
  const badge = registry.data?.items[0]?.certification.certificate?.number ?? 'none';
  seen.push(`public registry: ${registry.data?.total ?? 0} certified, first certificate ${badge}`);
  if (number) {
    const check = await api.GET('/api/v1/public/certificates/{number}', { params: { path: { number } } });
    seen.push(`public check: ${check.data?.status}`);
  }
  const keys = await api.GET('/api/v1/public/keys');
  seen.push(`${keys.data?.keys.length ?? 0} signing keys`);

  // reports, audit log, jobs
  const overview = await api.GET('/api/v1/reports/overview', {
    headers,
    params: { query: { from: '2026-01-01' } },
  });
  seen.push(`reports: ${overview.data?.agencies.total ?? 0} agencies`);
  const log = await api.GET('/api/v1/audit-log', {
    headers,
    params: { query: { entityType: 'agency', limit: 5 } },
  });
  seen.push(`audit log: ${log.data?.total ?? 0} agency entries`);
  const jobs = await api.GET('/api/v1/jobs', { headers });
  const lastRun = jobs.data?.items[0]?.lastRun?.status ?? 'never';
  seen.push(`jobs: last run ${lastRun}`);
  return seen;
}
