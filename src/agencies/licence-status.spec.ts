import {
  effectiveLicenceStatus,
  licenceChangeRefusal,
  licenceDatesRefusal,
  LicenceStatus as S,
  renewsLicence,
} from './licence-status';

describe('effectiveLicenceStatus', () => {
  it.each([
    [S.Active, '2026-11-24', '2026-11-24', S.Active], // valid through its last day
    [S.Active, '2026-11-23', '2026-11-24', S.Expired],
    [S.Suspended, '2026-01-01', '2026-11-24', S.Suspended],
    [S.Revoked, '2026-01-01', '2026-11-24', S.Revoked],
    [S.Expired, '2030-01-01', '2026-11-24', S.Expired],
  ])('%s expiring %s reads on %s as %s', (stored, expiresOn, today, expected) => {
    expect(effectiveLicenceStatus(stored, expiresOn, today)).toBe(expected);
  });
});

describe('licenceChangeRefusal', () => {
  const today = '2026-11-24';
  it.each([
    [S.Active, S.Suspended, '2027-01-01'],
    [S.Active, S.Revoked, '2027-01-01'],
    [S.Suspended, S.Active, '2027-01-01'],
    [S.Suspended, S.Revoked, '2027-01-01'],
    [S.Expired, S.Active, '2027-01-01'],
    [S.Active, S.Expired, '2026-11-01'],
  ])('allows %s → %s (licence expiring %s)', (from, to, expiresOn) => {
    expect(licenceChangeRefusal(from, to, expiresOn, today)).toBeNull();
  });

  it.each([
    [S.Active, S.Active, '2027-01-01', /already/],
    [S.Revoked, S.Active, '2027-01-01', /revoked licence cannot change/],
    [S.Revoked, S.Suspended, '2027-01-01', /revoked licence cannot change/],
    [S.Suspended, S.Active, '2026-11-01', /expired on 2026-11-01/],
    [S.Active, S.Expired, '2027-01-01', /valid until/],
  ])('refuses %s → %s (licence expiring %s)', (from, to, expiresOn, reason) => {
    expect(licenceChangeRefusal(from, to, expiresOn, today)).toMatch(reason);
  });
});

describe('licenceDatesRefusal', () => {
  it('accepts a licence that expires on or after its issue date', () => {
    expect(licenceDatesRefusal('2024-01-15', '2024-01-15')).toBeNull();
  });

  it('refuses one that expires before it was issued', () => {
    expect(licenceDatesRefusal('2024-01-15', '2024-01-14')).toMatch(/on or after licenceIssuedOn/);
  });
});

describe('renewsLicence', () => {
  it.each([
    [S.Expired, '2026-11-24', '2026-11-24', true], // renewed through today
    [S.Expired, '2027-11-24', '2026-11-24', true],
    [S.Expired, '2026-11-23', '2026-11-24', false], // still in the past
    [S.Active, '2027-11-24', '2026-11-24', false],
    [S.Suspended, '2027-11-24', '2026-11-24', false], // a suspension is lifted only with a reason
    [S.Revoked, '2027-11-24', '2026-11-24', false],
  ])('%s licence given expiry %s on %s renews: %s', (stored, expiresOn, today, expected) => {
    expect(renewsLicence(stored, expiresOn, today)).toBe(expected);
  });
});
